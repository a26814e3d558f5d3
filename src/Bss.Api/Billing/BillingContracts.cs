using Bss.Abstractions.Billing;
using Bss.Api.Invoices;
using Bss.Domain.Billing;
using Bss.Domain.Common;
using Bss.Domain.Invoices;

namespace Bss.Api.Billing;

/// <summary>POST /cycles body: the cycle date (default today); <c>process</c> starts it at once.</summary>
public sealed record CreateBillingCycleRequest(DateOnly? CycleDate, bool? Process);

public sealed record AccountFailureResponse(Guid CustomerId, string Reason);

public sealed record BillingCycleResponse(
    Guid Id,
    DateOnly CycleDate,
    string Status,
    string StatusDisplayName,
    int TotalAccounts,
    int ProcessedAccounts,
    int FailedAccounts,
    int PendingAccounts,
    int InvoicesGenerated,
    int ShardCount,
    IReadOnlyList<AccountFailureResponse> Failures,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    string? CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version)
{
    public static BillingCycleResponse From(BillingCycleView view)
    {
        var s = view.State;
        return new BillingCycleResponse(s.Id, s.CycleDate, EnumText.Code(s.Status), EnumText.Display(s.Status), s.TotalAccounts,
            view.Processed, view.Failed, view.Pending, view.Invoices, s.Shards.Count,
            view.Failures.Select(f => new AccountFailureResponse(f.CustomerId, f.Reason)).ToList(),
            s.StartedAt, s.CompletedAt, s.CreatedBy, s.CreatedAt, s.UpdatedAt, s.Version);
    }
}

/// <summary>POST /usage-records body. <c>id</c> makes the record idempotent (a repeat answers the stored record).</summary>
public sealed record CreateUsageRecordRequest(
    Guid? Id,
    Guid? SubscriptionId,
    string? UsageType,
    decimal? Quantity,
    DateOnly? UsageDate,
    string? Description);

public sealed record UsageRecordResponse(
    Guid Id,
    Guid SubscriptionId,
    Guid CustomerId,
    string UsageType,
    string UsageTypeDisplayName,
    decimal Quantity,
    string Unit,
    DateOnly UsageDate,
    string? Description,
    string Status,
    string StatusDisplayName,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version)
{
    public static UsageRecordResponse From(UsageRecordState s) => new(s.Id, s.SubscriptionId, s.CustomerId,
        EnumText.Code(s.UsageType), EnumText.Display(s.UsageType), s.Quantity, s.Unit, s.UsageDate, s.Description, s.Status, "Recorded",
        s.CreatedAt, s.UpdatedAt, s.Version);
}

/// <summary>PUT /accounts/{customerId} body: absent fields keep their value.</summary>
public sealed record UpdateBillingAccountRequest(int? BillCycleDay, int? PaymentTerms, string? Currency, int? Version);

public sealed record BillingAccountResponse(
    Guid CustomerId,
    int BillCycleDay,
    string Currency,
    int PaymentTerms,
    decimal CreditBalance,
    DateOnly? LastCycleDate,
    DateOnly NextCycleDate,
    string DunningStage,
    string DunningStageDisplayName,
    IReadOnlyList<Guid> DunningSuspendedSubscriptionIds,
    DateOnly? DunningSince,
    int SubscriptionCount,
    int OpenInvoiceCount,
    int InvoicesGenerated,
    decimal TotalInvoiced,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    int Version)
{
    public static BillingAccountResponse From(BillingAccountView a) => new(a.CustomerId, a.BillCycleDay, a.Currency, a.PaymentTerms,
        a.Credit, a.LastCycleDate, a.NextCycleDate, EnumText.Code(a.DunningStage), EnumText.Display(a.DunningStage),
        a.DunningSuspendedSubscriptionIds, a.DunningSince, a.SubscriptionCount, a.OpenInvoiceCount, a.InvoicesGenerated,
        a.TotalInvoiced, a.CreatedAt, a.UpdatedAt, a.Version);
}

/// <summary>An invoice a run generates (or, in a preview, would generate), with the credit it would take.</summary>
public sealed record GeneratedInvoiceResponse(
    Guid Id,
    string InvoiceType,
    string InvoiceTypeDisplayName,
    Guid CustomerId,
    string CustomerName,
    DateOnly IssueDate,
    DateOnly DueDate,
    DateOnly? BillingPeriodStart,
    DateOnly? BillingPeriodEnd,
    IReadOnlyList<InvoiceLineResponse> Items,
    decimal Subtotal,
    decimal DiscountAmount,
    decimal TaxAmount,
    decimal TotalAmount,
    decimal CreditApplied,
    decimal BalanceDue,
    string Currency,
    int PaymentTerms)
{
    public static GeneratedInvoiceResponse From(GeneratedInvoice g)
    {
        var totals = Invoice.Totals(g.Draft.Items);
        var terms = g.Draft.PaymentTerms ?? Invoice.DefaultPaymentTerms;
        return new GeneratedInvoiceResponse(g.InvoiceId, EnumText.Code(g.Type), EnumText.Display(g.Type), g.Draft.CustomerId,
            g.CustomerName, g.IssueDate, g.IssueDate.AddDays(terms), g.Draft.BillingPeriodStart, g.Draft.BillingPeriodEnd,
            g.Draft.Items.Select(InvoiceLineResponse.From).ToList(), totals.Subtotal, totals.Discount, totals.Tax, totals.Total,
            g.CreditApplied, totals.Total - g.CreditApplied, Money.CurrencyOrDefault(g.Draft.Currency), terms);
    }
}

/// <summary>What a billing run of one account produced, or (preview) would produce.</summary>
public sealed record BillingRunResponse(
    Guid CustomerId,
    DateOnly Date,
    IReadOnlyList<GeneratedInvoiceResponse> Invoices,
    decimal CreditBefore,
    decimal CreditAfter)
{
    public static BillingRunResponse From(BillingRunView run) => new(run.CustomerId, run.Date,
        run.Invoices.Select(GeneratedInvoiceResponse.From).ToList(), run.CreditBefore, run.CreditAfter);
}
