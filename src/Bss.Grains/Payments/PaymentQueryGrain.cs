using Bss.Abstractions.Common;
using Bss.Abstractions.Payments;
using Bss.Domain.Payments;
using Bss.Grains.Common;
using Bss.ReadSide;
using NpgsqlTypes;
using Orleans.Concurrency;

namespace Bss.Grains.Payments;

[StatelessWorker]
[Reentrant] // no state: one activation per silo serves every concurrent query
[GrainType("payment-query")]
public sealed class PaymentQueryGrain(DocumentStore documents) : Grain, IPaymentQueryGrain
{
    private const string Kind = "payment";

    private static readonly IReadOnlyDictionary<string, string> Sorts = DocumentQuery.Sorts(
        ("paymentDate", DocumentQuery.Text("paymentDate")),
        ("amount", DocumentQuery.Number("amount")),
        ("paymentNumber", DocumentQuery.Text("paymentNumber")));

    public Task<Page<PaymentState>> SearchAsync(PaymentSearch search, CancellationToken cancellationToken)
    {
        var query = new DocumentQuery(Kind, search.Page, Sorts)
            .WhereStatus(search.Status)
            .WhereCustomer(search.CustomerId)
            .WhereEnum("paymentMethod", search.Method)
            .Search(search.SearchTerm);
        if (search.InvoiceId is { } invoiceId)
        {
            query.Where("(doc ->> 'invoiceId') = @value", invoiceId.ToString(), NpgsqlDbType.Text);
        }

        return documents.SearchAsync<PaymentState>(query, cancellationToken);
    }

    public Task<Dictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken) =>
        documents.CountByStatusAsync(new DocumentQuery(Kind, PageRequest.Unpaged, Sorts), cancellationToken);
}
