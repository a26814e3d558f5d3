using Bss.Domain.Common;

namespace Bss.Domain.Products;

/// <summary>
/// A catalog product as the grain holds and persists it (JSON, camelCase) and as the documents read table projects
/// it; <c>productCode</c> carries a unique index there (dev/postgres/001-orleans-storage.sql, 010-read-model.sql), so rename with care.
/// </summary>
[GenerateSerializer]
public sealed class ProductState : EntityState
{
    [Id(0)] public string ProductCode { get; set; } = "";
    [Id(1)] public string Name { get; set; } = "";
    [Id(2)] public string? Description { get; set; }
    [Id(3)] public ProductType ProductType { get; set; }
    [Id(4)] public ProductCategory Category { get; set; }
    [Id(5)] public decimal Price { get; set; }
    [Id(6)] public string Currency { get; set; } = Prices.DefaultCurrency;
    [Id(7)] public BillingPeriod BillingPeriod { get; set; }
    [Id(8)] public ProductStatus Status { get; set; }
    [Id(9)] public DateOnly? ValidityStart { get; set; }
    [Id(10)] public DateOnly? ValidityEnd { get; set; }
    [Id(11)] public string? CreatedBy { get; set; }
    [Id(12)] public string? UpdatedBy { get; set; }

    /// <summary>VAT rate of the product's charges as a fraction (0.23 is 23%).</summary>
    [Id(13)] public decimal TaxRate { get; set; } = Billing.TaxRates.Default;

    /// <summary>Usage included per billing period, and the price of usage beyond it.</summary>
    [Id(14)] public IReadOnlyList<Billing.UsageAllowance> UsageAllowances { get; set; } = [];
}

/// <summary>
/// The editable facts about a product, as a create or update supplies them. <see cref="TaxRate"/> and
/// <see cref="UsageAllowances"/> may be absent: a create then takes 23% and none, an update keeps what the product has.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ProductDetails(
    [property: Id(0)] string? ProductCode,
    [property: Id(1)] string? Name,
    [property: Id(2)] string? Description,
    [property: Id(3)] ProductType? ProductType,
    [property: Id(4)] ProductCategory? Category,
    [property: Id(5)] decimal? Price,
    [property: Id(6)] string? Currency,
    [property: Id(7)] BillingPeriod? BillingPeriod,
    [property: Id(8)] DateOnly? ValidityStart,
    [property: Id(9)] DateOnly? ValidityEnd,
    [property: Id(10)] string? Actor,
    [property: Id(11)] decimal? TaxRate = null,
    [property: Id(12)] IReadOnlyList<Billing.UsageAllowance>? UsageAllowances = null);

/// <summary>What a subscription takes from its product: whether it may be sold, and the default terms.</summary>
[GenerateSerializer, Immutable]
public sealed record ProductOffer(
    [property: Id(0)] ProductStatus Status,
    [property: Id(1)] decimal Price,
    [property: Id(2)] string Currency,
    [property: Id(3)] BillingPeriod BillingPeriod);
