using Bss.Domain.Billing;
using Bss.Domain.Common;
using Bss.Domain.Products;

namespace Bss.Abstractions.Products;

/// <summary>One catalog product, keyed by its id.</summary>
public interface IProductGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Adds the product to the catalog (ACTIVE). The same details again under the same id answer the existing product
    /// (a retried create); a productCode another product has is refused with a Conflict naming productCode.
    /// </summary>
    Task<Result<ProductView>> AddToCatalogAsync(ProductDetails details);

    /// <summary>
    /// <see cref="AddToCatalogAsync"/> keyed by an Idempotency-Key (the request's fingerprint; null without a key): the key's
    /// record is kept in this entity and written by the create's own write; a repeat replays, another request with
    /// the key is refused (<see cref="ErrorKind.IdempotencyKeyReused"/>).
    /// </summary>
    Task<Result<Created<ProductView>>> CreateOnceAsync(ProductDetails details, string? requestFingerprint);

    [Orleans.Concurrency.ReadOnly]
    Task<ProductView?> GetAsync();

    Task<Result<ProductView>> UpdateDetailsAsync(ProductDetails details, int expectedVersion);

    Task<Result<ProductView>> ChangeStatusAsync(ProductStatus target, int? expectedVersion);

    Task<Result<ProductView>> DeleteAsync(int? expectedVersion);
}

[GenerateSerializer, Immutable]
public sealed record ProductView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string ProductCode,
    [property: Id(2)] string Name,
    [property: Id(3)] string? Description,
    [property: Id(4)] ProductType ProductType,
    [property: Id(5)] ProductCategory Category,
    [property: Id(6)] decimal Price,
    [property: Id(7)] string Currency,
    [property: Id(8)] BillingPeriod BillingPeriod,
    [property: Id(9)] ProductStatus Status,
    [property: Id(10)] DateOnly? ValidityStart,
    [property: Id(11)] DateOnly? ValidityEnd,
    [property: Id(12)] DateTimeOffset CreatedAt,
    [property: Id(13)] DateTimeOffset UpdatedAt,
    [property: Id(14)] string? CreatedBy,
    [property: Id(15)] string? UpdatedBy,
    [property: Id(16)] int Version,
    [property: Id(17)] decimal TaxRate,
    [property: Id(18)] IReadOnlyList<UsageAllowance> UsageAllowances)
{
    public static ProductView From(ProductState s) => new(
        s.Id, s.ProductCode, s.Name, s.Description, s.ProductType, s.Category, s.Price, s.Currency, s.BillingPeriod,
        s.Status, s.ValidityStart, s.ValidityEnd, s.CreatedAt, s.UpdatedAt, s.CreatedBy, s.UpdatedBy, s.Version,
        s.TaxRate, s.UsageAllowances);

    public ProductOffer Offer => new(Status, Price, Currency, BillingPeriod);
}
