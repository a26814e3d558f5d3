using Bss.Abstractions.Assets;
using Bss.Abstractions.Common;
using Bss.Domain.Assets;
using Bss.Grains.Common;
using Bss.ReadSide;
using Orleans.Concurrency;

namespace Bss.Grains.Assets;

/// <summary>Lists and counts SIM cards from the documents read table; a local stateless worker on every silo.</summary>
[StatelessWorker]
[Reentrant] // no state: one activation per silo serves every concurrent query
[GrainType("sim-card-query")]
public sealed class SimCardQueryGrain(DocumentStore documents, TimeProvider time) : Grain, ISimCardQueryGrain
{
    public const string Kind = "sim-card";

    private static readonly IReadOnlyDictionary<string, string> Sorts = DocumentQuery.Sorts(
        ("iccid", DocumentQuery.Text("iccid")),
        ("msisdn", DocumentQuery.Text("msisdn")),
        ("imsi", DocumentQuery.Text("imsi")),
        ("networkOperator", DocumentQuery.Text("networkOperator")),
        ("activationDate", DocumentQuery.Text("activationDate")),
        ("expiryDate", DocumentQuery.Text("expiryDate")),
        ("assignedDate", DocumentQuery.Text("assignedDate")),
        ("lastUsageDate", DocumentQuery.Text("lastUsageDate")));

    public async Task<Page<SimCardView>> SearchAsync(SimCardSearch search, CancellationToken cancellationToken)
    {
        var query = new DocumentQuery(Kind, search.Page, Sorts)
            .WhereStatus(search.Status)
            .WhereCustomer(search.CustomerId)
            .Search(search.SearchTerm);
        return (await documents.SearchAsync<SimCardState>(query, cancellationToken)).Map(SimCardView.From);
    }

    public async Task<Page<SimCardView>> ExpiringAsync(PageRequest page, int days)
    {
        var query = new DocumentQuery(Kind, page, Sorts).WhereDateWithin("expiryDate", Assignees.Today(time), days);
        return (await documents.SearchAsync<SimCardState>(query)).Map(SimCardView.From);
    }

    public Task<Dictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken) =>
        documents.CountByStatusAsync(new DocumentQuery(Kind, PageRequest.Unpaged, Sorts), cancellationToken);
}
