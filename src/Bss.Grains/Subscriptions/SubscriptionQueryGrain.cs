using Bss.Abstractions.Common;
using Bss.Abstractions.Subscriptions;
using Bss.Domain.Subscriptions;
using Bss.Grains.Common;
using Bss.ReadSide;
using Orleans.Concurrency;

namespace Bss.Grains.Subscriptions;

/// <summary>Lists and searches subscriptions from the documents read table; a local stateless worker on every silo.</summary>
[StatelessWorker]
[Reentrant] // no state: one activation per silo serves every concurrent query
[GrainType("subscription-query")]
public sealed class SubscriptionQueryGrain(DocumentStore documents) : Grain, ISubscriptionQueryGrain
{
    public const string Kind = "subscription";

    private static readonly IReadOnlyDictionary<string, string> Sorts = DocumentQuery.Sorts(
        ("subscriptionNumber", DocumentQuery.Text("subscriptionNumber")),
        ("startDate", DocumentQuery.Text("startDate")),
        ("endDate", DocumentQuery.Text("endDate")),
        ("nextBillingDate", DocumentQuery.Text("nextBillingDate")),
        ("price", DocumentQuery.Number("price")),
        ("netAmount", DocumentQuery.Number("netAmount")));

    public async Task<Page<SubscriptionView>> SearchAsync(SubscriptionSearch search, CancellationToken cancellationToken)
    {
        var query = new DocumentQuery(Kind, search.Page, Sorts)
            .WhereStatus(search.Status)
            .WhereCustomer(search.CustomerId)
            .WhereText("productId", search.ProductId?.ToString())
            .Search(search.SearchTerm);

        var page = await documents.SearchAsync<SubscriptionState>(query, cancellationToken);
        return page.Map(SubscriptionView.From);
    }

    public Task<Dictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken) =>
        documents.CountByStatusAsync(new DocumentQuery(Kind, PageRequest.Unpaged, Sorts), cancellationToken);
}
