using Bss.Abstractions.Addresses;
using Bss.Abstractions.Common;
using Bss.Domain.Addresses;
using Bss.Grains.Common;
using Bss.ReadSide;
using Orleans.Concurrency;

namespace Bss.Grains.Addresses;

/// <summary>Lists and searches addresses from the documents read table; a local stateless worker on every silo.</summary>
[StatelessWorker]
[Reentrant] // no state: one activation per silo serves every concurrent query
[GrainType("address-query")]
public sealed class AddressQueryGrain(DocumentStore documents) : Grain, IAddressQueryGrain
{
    private const string Kind = "address";

    private static readonly IReadOnlyDictionary<string, string> Sorts = DocumentQuery.Sorts(
        ("type", DocumentQuery.Text("type")),
        ("street", DocumentQuery.Text("street")),
        ("city", DocumentQuery.Text("city")),
        ("postalCode", DocumentQuery.Text("postalCode")),
        ("country", DocumentQuery.Text("country")),
        ("customerName", DocumentQuery.Text("customerName")));

    public async Task<Page<AddressView>> SearchAsync(AddressSearch search, CancellationToken cancellationToken)
    {
        var query = new DocumentQuery(Kind, search.Page, Sorts)
            .WhereCustomer(search.CustomerId)
            .WhereEnum("type", search.Type)
            .WhereStatus(search.Status)
            .WhereEnum("country", search.Country)
            .Search(search.SearchTerm);
        var page = await documents.SearchAsync<AddressState>(query, cancellationToken);
        return page.Map(AddressView.From);
    }

    public async Task<IReadOnlyList<AddressView>> ForCustomerAsync(Guid customerId)
    {
        var all = new PageRequest(0, AddressSearch.MaxPerCustomer, "createdAt", Descending: false);
        var page = await documents.SearchAsync<AddressState>(new DocumentQuery(Kind, all, Sorts).WhereCustomer(customerId));
        return page.Items.Select(AddressView.From).ToList();
    }

    public Task<Dictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken) =>
        documents.CountByStatusAsync(new DocumentQuery(Kind, PageRequest.Unpaged, Sorts), cancellationToken);
}
