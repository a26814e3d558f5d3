using Bss.Abstractions.Common;
using Bss.Domain.Billing;
using Bss.Domain.Common;
using Bss.Domain.Invoices;
using Bss.Domain.Orders;
using Bss.Domain.Payments;
using NpgsqlTypes;

namespace Bss.ReadSide.Lists;

/// <summary>
/// Filters of an invoice list. <see cref="Today"/> is the caller's UTC date: an unpaid invoice past its due date
/// counts as overdue from then, before the dunning run marks it.
/// </summary>
public sealed record InvoiceSearch(
    PageRequest Page, InvoiceStatus? Status, InvoiceType? Type, Guid? CustomerId, DateOnly? StartDate, DateOnly? EndDate,
    bool? Unpaid, bool? Overdue, string? Query, DateOnly Today);

/// <summary>Invoices, read as the state: the view computes what is due as of a day.</summary>
public sealed class InvoiceList() : ListKind<InvoiceSearch, InvoiceState>("invoice", DocumentQuery.Sorts(
    ("invoiceNumber", DocumentQuery.Text("invoiceNumber")),
    ("issueDate", DocumentQuery.Text("issueDate")),
    ("dueDate", DocumentQuery.Text("dueDate")),
    ("totalAmount", DocumentQuery.Number("totalAmount"))))
{
    private const string Unpaid = "status IN ('ISSUED', 'SENT', 'OVERDUE')";

    public static readonly InvoiceList Instance = new();

    public override DocumentQuery Query(InvoiceSearch search)
    {
        var query = Query(search.Page)
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
            query.Where(overdue ? condition : $"NOT {condition}", DocumentQueryDates.Text(search.Today), NpgsqlDbType.Text);
        }

        return query;
    }

    /// <summary>The invoice with this number (the newest, should two ever share one).</summary>
    public DocumentQuery ByNumber(string invoiceNumber) =>
        Query(new PageRequest(0, 1, "createdAt", Descending: true)).WhereText("invoiceNumber", invoiceNumber);
}

public sealed record OrderSearch(PageRequest Page, OrderStatus? Status, OrderType? Type, Guid? CustomerId, string? SearchTerm);

/// <summary>Orders, read as the state the response is built from.</summary>
public sealed class OrderList() : ListKind<OrderSearch, OrderState>("order", DocumentQuery.Sorts(
    ("orderNumber", DocumentQuery.Text("orderNumber")),
    ("totalAmount", DocumentQuery.Number("totalAmount")),
    ("requestedDate", DocumentQuery.Text("requestedDate")),
    ("promisedDate", DocumentQuery.Text("promisedDate")),
    ("completedDate", DocumentQuery.Text("completedDate"))))
{
    public static readonly OrderList Instance = new();

    public override DocumentQuery Query(OrderSearch search) => Query(search.Page)
        .WhereStatus(search.Status)
        .WhereEnum("orderType", search.Type)
        .WhereCustomer(search.CustomerId)
        .Search(search.SearchTerm);
}

public sealed record PaymentSearch(PageRequest Page, PaymentStatus? Status, Guid? CustomerId, Guid? InvoiceId, PaymentMethod? Method, string? SearchTerm);

/// <summary>Payments, read as the state the response is built from.</summary>
public sealed class PaymentList() : ListKind<PaymentSearch, PaymentState>("payment", DocumentQuery.Sorts(
    ("paymentDate", DocumentQuery.Text("paymentDate")),
    ("amount", DocumentQuery.Number("amount")),
    ("paymentNumber", DocumentQuery.Text("paymentNumber"))))
{
    public static readonly PaymentList Instance = new();

    public override DocumentQuery Query(PaymentSearch search) => Query(search.Page)
        .WhereStatus(search.Status)
        .WhereCustomer(search.CustomerId)
        .WhereEnum("paymentMethod", search.Method)
        .WhereText("invoiceId", search.InvoiceId?.ToString())
        .Search(search.SearchTerm);
}

public sealed record BillingCycleSearch(PageRequest Page, IReadOnlyList<BillingCycleStatus> Statuses);

/// <summary>Billing cycles, read as the state (the view sums the shards' progress kept in it).</summary>
public sealed class BillingCycleList() : ListKind<BillingCycleSearch, BillingCycleState>("billing-cycle", DocumentQuery.Sorts(
    ("cycleDate", DocumentQuery.Text("cycleDate"))))
{
    public static readonly BillingCycleList Instance = new();

    public override DocumentQuery Query(BillingCycleSearch search)
    {
        var query = Query(search.Page);
        return search.Statuses.Count == 0
            ? query
            : query.Where("status = ANY(@value)", search.Statuses.Select(EnumText.Code).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
    }
}

public sealed record UsageRecordSearch(PageRequest Page, Guid? CustomerId, Guid? SubscriptionId, UsageType? UsageType, DateOnly? From, DateOnly? To);

/// <summary>Usage records (no status, so no status sort), read as the state the response is built from.</summary>
public sealed class UsageRecordList() : ListKind<UsageRecordSearch, UsageRecordState>("usage-record", new Dictionary<string, string>(StringComparer.Ordinal)
{
    ["createdAt"] = DocumentQuery.CommonSorts["createdAt"],
    ["updatedAt"] = DocumentQuery.CommonSorts["updatedAt"],
    ["usageDate"] = DocumentQuery.Text("usageDate"),
    ["quantity"] = DocumentQuery.Number("quantity"),
})
{
    public static readonly UsageRecordList Instance = new();

    public override DocumentQuery Query(UsageRecordSearch search) => Query(search.Page)
        .WhereCustomer(search.CustomerId)
        .WhereEnum("usageType", search.UsageType)
        .WhereDateBetween("usageDate", search.From, search.To)
        .WhereText("subscriptionId", search.SubscriptionId?.ToString());
}
