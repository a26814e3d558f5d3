using Bss.Abstractions.Common;
using Bss.Domain.Products;

namespace Bss.Abstractions.Products;

/// <summary>Lists and searches the catalog from the query side (the documents read table).</summary>
public interface IProductQueryGrain : IGrainWithIntegerKey
{
    Task<Page<ProductView>> SearchAsync(ProductSearch search, CancellationToken cancellationToken = default);

    /// <summary>Products per status code (statuses with none are absent).</summary>
    Task<Dictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken = default);
}

[GenerateSerializer, Immutable]
public sealed record ProductSearch(
    [property: Id(0)] PageRequest Page,
    [property: Id(1)] ProductStatus? Status,
    [property: Id(2)] ProductType? Type,
    [property: Id(3)] ProductCategory? Category,
    [property: Id(4)] string? SearchTerm);

public static class ProductSortFields
{
    /// <summary>Fields a list may be sorted by (API names).</summary>
    public static readonly IReadOnlyList<string> All =
        ["createdAt", "updatedAt", "status", "productCode", "name", "productType", "category", "price", "validityStart", "validityEnd"];
}
