using Bss.Abstractions.Products;
using Bss.Domain.Common;
using Bss.Domain.Products;

namespace Bss.Api.Products;

/// <summary>
/// POST and PUT /{id} body: the full details. Enums arrive as their UPPER_SNAKE codes; <c>createdBy</c> (POST) and
/// <c>updatedBy</c> (PUT) stand in for the caller until authentication exists; PUT carries the version it read.
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
    int? Version)
{
    public ProductDetails ToDetails(string? actor, FieldErrors errors) => new(
        ProductCode, Name, Description,
        ProductFields.Code<ProductType>(ProductType, "productType", errors),
        ProductFields.Code<ProductCategory>(Category, "category", errors),
        Price, Currency,
        ProductFields.Code<BillingPeriod>(BillingPeriod, "billingPeriod", errors),
        ValidityStart, ValidityEnd, actor);
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
    int Version)
{
    public static ProductResponse From(ProductView p) => new(
        p.Id, p.ProductCode, p.Name, p.Description,
        EnumText.Code(p.ProductType), EnumText.Display(p.ProductType),
        EnumText.Code(p.Category), CatalogText.Display(p.Category),
        p.Price, p.Currency,
        EnumText.Code(p.BillingPeriod), EnumText.Display(p.BillingPeriod),
        EnumText.Code(p.Status), EnumText.Display(p.Status),
        p.ValidityStart, p.ValidityEnd, p.CreatedAt, p.UpdatedAt, p.CreatedBy, p.UpdatedBy, p.Version);
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
