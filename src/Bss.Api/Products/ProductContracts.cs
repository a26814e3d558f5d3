using Bss.Abstractions.Products;
using Bss.Domain.Billing;
using Bss.Domain.Common;
using Bss.Domain.Products;

namespace Bss.Api.Products;

/// <summary>
/// POST and PUT /{id} body: the full details. Enums arrive as their UPPER_SNAKE codes; <c>createdBy</c> and
/// <c>updatedBy</c> are accepted for the frontend's forms but ignored: the actor is the token's user. PUT carries
/// the version it read.
/// (extra) <c>taxRate</c> and <c>usageAllowances</c> are optional: a POST without them takes 0.23 and none, a PUT
/// without them keeps the product's.
/// </summary>
public sealed record ProductRequest(
    string? Id,
    string? ProductCode,
    string? Name,
    string? Description,
    string? ProductType,
    string? Category,
    decimal? Price,
    string? Currency,
    string? BillingPeriod,
    DateOnly? ValidityStart,
    DateOnly? ValidityEnd,
    string? CreatedBy,
    string? UpdatedBy,
    int? Version,
    decimal? TaxRate,
    IReadOnlyList<UsageAllowanceRequest?>? UsageAllowances)
{
    public ProductDetails ToDetails(string? actor, FieldErrors errors) => new(
        ProductCode, Name, Description,
        ProductFields.Code<ProductType>(ProductType, "productType", errors),
        ProductFields.Code<ProductCategory>(Category, "category", errors),
        Price, Currency,
        ProductFields.Code<BillingPeriod>(BillingPeriod, "billingPeriod", errors),
        ValidityStart, ValidityEnd, actor,
        TaxRate,
        UsageAllowances?.Select((allowance, i) => UsageAllowanceRequest.ToAllowance(allowance, $"usageAllowances[{i}]", errors)).ToArray());
}

/// <summary>(extra) One entry of a product's <c>usageAllowances</c>: every field is required.</summary>
public sealed record UsageAllowanceRequest(string? UsageType, decimal? Included, decimal? UnitPrice)
{
    /// <summary>The allowance, with what is missing or unknown reported under <paramref name="field"/>; the rules check the rest.</summary>
    public static UsageAllowance ToAllowance(UsageAllowanceRequest? request, string field, FieldErrors errors)
    {
        if (request is null)
        {
            errors.Add(field, "must be an object {usageType, included, unitPrice}");
            return new UsageAllowance(default, 0m, 0m);
        }

        var usageType = ProductFields.Code<UsageType>(request.UsageType, $"{field}.usageType", errors);
        errors
            .Check($"{field}.usageType", TextRules.Normalize(request.UsageType) is null ? "is required" : null)
            .Check($"{field}.included", request.Included is null ? "is required" : null)
            .Check($"{field}.unitPrice", request.UnitPrice is null ? "is required" : null);
        return new UsageAllowance(usageType ?? default, request.Included ?? 0m, request.UnitPrice ?? 0m);
    }
}

/// <summary>(extra) A usage allowance as responses show it, with the unit its quantities are in.</summary>
public sealed record UsageAllowanceResponse(
    string UsageType,
    string UsageTypeDisplayName,
    decimal Included,
    decimal UnitPrice,
    string Unit)
{
    public static UsageAllowanceResponse From(UsageAllowance a) => new(
        EnumText.Code(a.UsageType), EnumText.Display(a.UsageType), a.Included, a.UnitPrice, UsageUnits.Of(a.UsageType));
}

/// <summary>PUT /{id}/status body.</summary>
public sealed record ChangeProductStatusRequest(string? Id, string? Status, int? Version);

public sealed record ProductResponse(
    Guid Id,
    string ProductCode,
    string Name,
    string? Description,
    string ProductType,
    string ProductTypeDisplayName,
    string Category,
    string CategoryDisplayName,
    decimal Price,
    string Currency,
    string BillingPeriod,
    string BillingPeriodDisplayName,
    string Status,
    string StatusDisplayName,
    DateOnly? ValidityStart,
    DateOnly? ValidityEnd,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? CreatedBy,
    string? UpdatedBy,
    int Version,
    decimal TaxRate,
    IReadOnlyList<UsageAllowanceResponse> UsageAllowances)
{
    public static ProductResponse From(ProductView p) => new(
        p.Id, p.ProductCode, p.Name, p.Description,
        EnumText.Code(p.ProductType), EnumText.Display(p.ProductType),
        EnumText.Code(p.Category), EnumText.Display(p.Category),
        p.Price, p.Currency,
        EnumText.Code(p.BillingPeriod), EnumText.Display(p.BillingPeriod),
        EnumText.Code(p.Status), EnumText.Display(p.Status),
        p.ValidityStart, p.ValidityEnd, p.CreatedAt, p.UpdatedAt, p.CreatedBy, p.UpdatedBy, p.Version,
        p.TaxRate, [.. p.UsageAllowances.Select(UsageAllowanceResponse.From)]);
}

/// <summary>Reading enum codes from request bodies: an unknown code is reported under its field with the allowed ones.</summary>
public static class ProductFields
{
    public static TEnum? Code<TEnum>(string? raw, string field, FieldErrors errors) where TEnum : struct, Enum
    {
        if (TextRules.Normalize(raw) is not { } code)
        {
            return null;
        }

        if (EnumText.TryParse<TEnum>(code, out var value))
        {
            return value;
        }

        errors.Add(field, $"must be one of {EnumText.AllowedCodes<TEnum>()}");
        return null;
    }
}
