using Bss.Domain.Common;

namespace Bss.Domain.Products;

public enum ProductStatus
{
    Active,
    Inactive,
    Deprecated,
}

public enum ProductType
{
    Service,
    Tariff,
    Bundle,
    Addon,
}

public enum ProductCategory
{
    Mobile,
    Broadband,

    /// <summary>An acronym the generic rule would print as "Tv".</summary>
    [System.ComponentModel.Description("TV")]
    Tv,
    Cloud,
}

/// <summary>How often a product (and a subscription to it) is charged. Shared by products and subscriptions.</summary>
public enum BillingPeriod
{
    Monthly,
    Quarterly,
    Yearly,
    OneTime,
}

public static class CatalogText
{
    /// <summary>The date a period that starts on <paramref name="from"/> ends on (exclusive); null for one-time charges.</summary>
    public static DateOnly? After(this BillingPeriod period, DateOnly from) => period switch
    {
        BillingPeriod.Monthly => from.AddMonths(1),
        BillingPeriod.Quarterly => from.AddMonths(3),
        BillingPeriod.Yearly => from.AddYears(1),
        _ => null,
    };
}
