using Bss.Abstractions.Billing;
using Bss.Abstractions.Common;
using Bss.Domain.Billing;
using Bss.Domain.Common;
using Bss.Grains.Common;
using Bss.ReadSide;
using NpgsqlTypes;
using Orleans.Concurrency;

namespace Bss.Grains.Billing;

[StatelessWorker]
[Reentrant] // no state: one activation per silo serves every concurrent query
[GrainType("billing-cycle-query")]
public sealed class BillingCycleQueryGrain(DocumentStore documents) : Grain, IBillingCycleQueryGrain
{
    private static readonly IReadOnlyDictionary<string, string> Sorts = DocumentQuery.Sorts(("cycleDate", DocumentQuery.Text("cycleDate")));

    public Task<Page<BillingCycleState>> SearchAsync(PageRequest page, IReadOnlyList<BillingCycleStatus> statuses, CancellationToken cancellationToken)
    {
        var query = new DocumentQuery("billing-cycle", page, Sorts);
        if (statuses.Count > 0)
        {
            query.Where("status = ANY(@value)", statuses.Select(EnumText.Code).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
        }

        return documents.SearchAsync<BillingCycleState>(query, cancellationToken);
    }
}

[StatelessWorker]
[Reentrant] // no state: one activation per silo serves every concurrent query
[GrainType("usage-record-query")]
public sealed class UsageRecordQueryGrain(DocumentStore documents) : Grain, IUsageRecordQueryGrain
{
    private static readonly IReadOnlyDictionary<string, string> Sorts = DocumentQuery.Sorts(
        ("usageDate", DocumentQuery.Text("usageDate")),
        ("quantity", DocumentQuery.Number("quantity")));

    public Task<Page<UsageRecordState>> SearchAsync(UsageRecordSearch search, CancellationToken cancellationToken)
    {
        var query = new DocumentQuery("usage-record", search.Page, Sorts)
            .WhereCustomer(search.CustomerId)
            .WhereEnum("usageType", search.UsageType)
            .WhereDateBetween("usageDate", search.From, search.To);
        if (search.SubscriptionId is { } subscriptionId)
        {
            query.Where("(doc ->> 'subscriptionId') = @value", subscriptionId.ToString(), NpgsqlDbType.Text);
        }

        return documents.SearchAsync<UsageRecordState>(query, cancellationToken);
    }
}
