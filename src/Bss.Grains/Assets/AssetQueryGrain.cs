using Bss.Abstractions.Assets;
using Bss.Abstractions.Common;
using Bss.Domain.Assets;
using Bss.Grains.Common;
using Bss.ReadSide;
using Orleans.Concurrency;

namespace Bss.Grains.Assets;

/// <summary>Lists and counts devices from the documents read table; a local stateless worker on every silo.</summary>
[StatelessWorker]
[Reentrant] // no state: one activation per silo serves every concurrent query
[GrainType("asset-query")]
public sealed class AssetQueryGrain(DocumentStore documents, TimeProvider time) : Grain, IAssetQueryGrain
{
    public const string Kind = "asset";

    private static readonly IReadOnlyDictionary<string, string> Sorts = DocumentQuery.Sorts(
        ("assetTag", DocumentQuery.Text("assetTag")),
        ("assetType", DocumentQuery.Text("assetType")),
        ("name", DocumentQuery.Text("name")),
        ("serialNumber", DocumentQuery.Text("serialNumber")),
        ("manufacturer", DocumentQuery.Text("manufacturer")),
        ("purchaseDate", DocumentQuery.Text("purchaseDate")),
        ("warrantyExpiry", DocumentQuery.Text("warrantyExpiry")),
        ("assignedDate", DocumentQuery.Text("assignedDate")));

    public async Task<Page<AssetView>> SearchAsync(AssetSearch search, CancellationToken cancellationToken)
    {
        var query = new DocumentQuery(Kind, search.Page, Sorts)
            .WhereStatus(search.Status)
            .WhereEnum("assetType", search.Type)
            .WhereCustomer(search.CustomerId)
            .Search(search.SearchTerm);
        return (await documents.SearchAsync<AssetState>(query, cancellationToken)).Map(AssetView.From);
    }

    public async Task<Page<AssetView>> WarrantyExpiringAsync(PageRequest page, int days)
    {
        var query = new DocumentQuery(Kind, page, Sorts).WhereDateWithin("warrantyExpiry", Assignees.Today(time), days);
        return (await documents.SearchAsync<AssetState>(query)).Map(AssetView.From);
    }

    public Task<Dictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken) =>
        documents.CountByStatusAsync(new DocumentQuery(Kind, PageRequest.Unpaged, Sorts), cancellationToken);
}
