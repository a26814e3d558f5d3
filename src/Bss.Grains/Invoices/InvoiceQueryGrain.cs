using Bss.Abstractions.Common;
using Bss.Abstractions.Invoices;
using Bss.Domain.Invoices;
using Bss.Grains.Common;
using Bss.ReadSide;
using NpgsqlTypes;
using Orleans.Concurrency;

namespace Bss.Grains.Invoices;

[StatelessWorker]
[Reentrant] // no state: one activation per silo serves every concurrent query
[GrainType("invoice-query")]
public sealed class InvoiceQueryGrain(DocumentStore documents, TimeProvider time) : Grain, IInvoiceQueryGrain
{
    private const string Kind = "invoice";
    private const string Unpaid = "status IN ('ISSUED', 'SENT', 'OVERDUE')";

    private static readonly IReadOnlyDictionary<string, string> Sorts = DocumentQuery.Sorts(
        ("invoiceNumber", DocumentQuery.Text("invoiceNumber")),
        ("issueDate", DocumentQuery.Text("issueDate")),
        ("dueDate", DocumentQuery.Text("dueDate")),
        ("totalAmount", DocumentQuery.Number("totalAmount")));

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public async Task<Page<InvoiceView>> SearchAsync(InvoiceSearch search, CancellationToken cancellationToken)
    {
        var query = new DocumentQuery(Kind, search.Page, Sorts)
            .WhereStatus(search.Status)
            .WhereEnum("invoiceType", search.Type)
            .WhereCustomer(search.CustomerId)
            .Search(search.Query)
            .WhereDateBetween("issueDate", search.StartDate, search.EndDate);

        if (search.Unpaid is { } unpaid)
        {
            query.Where(unpaid ? Unpaid : $"NOT ({Unpaid})");
        }

        if (search.Overdue is { } overdue)
        {
            var condition = $"(status = 'OVERDUE' OR ({Unpaid} AND (doc ->> 'dueDate') < @value))";
            query.Where(overdue ? condition : $"NOT {condition}", DocumentQueryDates.Text(Today), NpgsqlDbType.Text);
        }

        return (await documents.SearchAsync<InvoiceState>(query, cancellationToken)).Map(s => new InvoiceView(s, Today));
    }

    public async Task<InvoiceView?> FindByNumberAsync(string invoiceNumber)
    {
        var query = new DocumentQuery(Kind, new PageRequest(0, 1, "createdAt", true), Sorts).WhereText("invoiceNumber", invoiceNumber);
        var found = await documents.SearchAsync<InvoiceState>(query);
        return found.Items.Count == 0 ? null : new InvoiceView(found.Items[0], Today);
    }

    public Task<Dictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken) =>
        documents.CountByStatusAsync(new DocumentQuery(Kind, PageRequest.Unpaged, Sorts), cancellationToken);
}
