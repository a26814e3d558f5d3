using Bss.Abstractions.Common;
using Bss.Abstractions.Products;
using Bss.Domain.Products;
using Bss.Grains.Common;
using Bss.ReadSide;
using Orleans.Concurrency;

namespace Bss.Grains.Products;

/// <summary>Lists and searches the catalog from the documents read table; a local stateless worker on every silo.</summary>
[StatelessWorker]
[Reentrant] // no state: one activation per silo serves every concurrent query
[GrainType("product-query")]
public sealed class ProductQueryGrain(DocumentStore documents) : Grain, IProductQueryGrain
{
    public const string Kind = "product";

    private static readonly IReadOnlyDictionary<string, string> Sorts = DocumentQuery.Sorts(
        ("productCode", DocumentQuery.Text("productCode")),
        ("name", DocumentQuery.Text("name")),
        ("productType", DocumentQuery.Text("productType")),
        ("category", DocumentQuery.Text("category")),
        ("price", DocumentQuery.Number("price")),
        ("validityStart", DocumentQuery.Text("validityStart")),
        ("validityEnd", DocumentQuery.Text("validityEnd")));

    public async Task<Page<ProductView>> SearchAsync(ProductSearch search, CancellationToken cancellationToken)
    {
        var query = new DocumentQuery(Kind, search.Page, Sorts)
            .WhereStatus(search.Status)
            .WhereEnum("productType", search.Type)
            .WhereEnum("category", search.Category)
            .Search(search.SearchTerm);
        var page = await documents.SearchAsync<ProductState>(query, cancellationToken);
        return page.Map(ProductView.From);
    }

    public Task<Dictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken) =>
        documents.CountByStatusAsync(new DocumentQuery(Kind, PageRequest.Unpaged, Sorts), cancellationToken);
}
