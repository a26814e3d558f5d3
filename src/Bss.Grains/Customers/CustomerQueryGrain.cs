using Bss.Abstractions.Common;
using Bss.Abstractions.Customers;
using Bss.Domain.Customers;
using Bss.Grains.Common;
using Bss.ReadSide;
using Orleans.Concurrency;

namespace Bss.Grains.Customers;

/// <summary>Lists and searches customers from the documents read table; a local stateless worker on every silo.</summary>
[StatelessWorker]
[Reentrant] // no state: one activation per silo serves every concurrent query
[GrainType("customer-query")]
public sealed class CustomerQueryGrain(DocumentStore documents) : Grain, ICustomerQueryGrain
{
    private static readonly IReadOnlyDictionary<string, string> Sorts = DocumentQuery.Sorts(
        ("firstName", DocumentQuery.Text("firstName")),
        ("lastName", DocumentQuery.Text("lastName")),
        ("email", DocumentQuery.Text("email")));

    public async Task<Page<CustomerView>> SearchAsync(CustomerSearch search, CancellationToken cancellationToken)
    {
        var query = new DocumentQuery("customer", search.Page, Sorts)
            .WhereStatus(search.Status)
            .Search(search.SearchTerm);
        if (search.SearchNamesOnly)
        {
            query.SearchOnly(search.SearchTerm, "firstName", "lastName");
        }

        var page = await documents.SearchAsync<CustomerState>(query, cancellationToken);
        return page.Map(CustomerView.From);
    }

    public Task<Dictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken) =>
        documents.CountByStatusAsync(new DocumentQuery("customer", PageRequest.Unpaged, Sorts), cancellationToken);
}
