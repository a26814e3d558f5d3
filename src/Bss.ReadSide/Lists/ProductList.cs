using Bss.Abstractions.Common;
using Bss.Abstractions.Products;
using Bss.Domain.Products;

namespace Bss.ReadSide.Lists;

public sealed record ProductSearch(PageRequest Page, ProductStatus? Status, ProductType? Type, ProductCategory? Category, string? SearchTerm);

/// <summary>The catalog, read straight into <see cref="ProductView"/>.</summary>
public sealed class ProductList() : ListKind<ProductSearch, ProductView>("product", DocumentQuery.Sorts(
    ("productCode", DocumentQuery.Text("productCode")),
    ("name", DocumentQuery.Text("name")),
    ("productType", DocumentQuery.Text("productType")),
    ("category", DocumentQuery.Text("category")),
    ("price", DocumentQuery.Number("price")),
    ("validityStart", DocumentQuery.Text("validityStart")),
    ("validityEnd", DocumentQuery.Text("validityEnd"))))
{
    public static readonly ProductList Instance = new();

    public override DocumentQuery Query(ProductSearch search) => Query(search.Page)
        .WhereStatus(search.Status)
        .WhereEnum("productType", search.Type)
        .WhereEnum("category", search.Category)
        .Search(search.SearchTerm);
}
