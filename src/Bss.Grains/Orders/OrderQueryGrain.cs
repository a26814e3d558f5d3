using Bss.Abstractions.Common;
using Bss.Abstractions.Orders;
using Bss.Domain.Orders;
using Bss.Grains.Common;
using Bss.ReadSide;
using Orleans.Concurrency;

namespace Bss.Grains.Orders;

/// <summary>Lists and searches orders from the documents read table; a local stateless worker on every silo.</summary>
[StatelessWorker]
[Reentrant] // no state: one activation per silo serves every concurrent query
[GrainType("order-query")]
public sealed class OrderQueryGrain(DocumentStore documents) : Grain, IOrderQueryGrain
{
    private const string Kind = "order";

    private static readonly IReadOnlyDictionary<string, string> Sorts = DocumentQuery.Sorts(
        ("orderNumber", DocumentQuery.Text("orderNumber")),
        ("totalAmount", DocumentQuery.Number("totalAmount")),
        ("requestedDate", DocumentQuery.Text("requestedDate")),
        ("promisedDate", DocumentQuery.Text("promisedDate")),
        ("completedDate", DocumentQuery.Text("completedDate")));

    public Task<Page<OrderState>> SearchAsync(OrderSearch search, CancellationToken cancellationToken) =>
        documents.SearchAsync<OrderState>(new DocumentQuery(Kind, search.Page, Sorts)
            .WhereStatus(search.Status)
            .WhereEnum("orderType", search.Type)
            .WhereCustomer(search.CustomerId)
            .Search(search.SearchTerm), cancellationToken);

    public Task<Dictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken) =>
        documents.CountByStatusAsync(new DocumentQuery(Kind, PageRequest.Unpaged, Sorts), cancellationToken);
}
