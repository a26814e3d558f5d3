using Bss.Abstractions.Common;
using Bss.Domain.Common;
using Bss.Domain.Invoices;

namespace Bss.Abstractions.Invoices;

public interface IInvoiceGrain : IGrainWithGuidKey
{
    /// <summary>A manual invoice (one-time, adjustment, credit or debit note) as a DRAFT for an existing customer.</summary>
    Task<Result<InvoiceView>> CreateDraftAsync(InvoiceDraft draft);

    [Orleans.Concurrency.ReadOnly]
    Task<InvoiceView?> GetAsync();

    /// <summary>
    /// Creates and issues an invoice a billing run decided, and applies the account credit the run set aside for it.
    /// Idempotent: a resumed delivery finds it created, issued and credited.
    /// </summary>
    Task<Result<InvoiceView>> CreateGeneratedAsync(Bss.Domain.Billing.GeneratedInvoice invoice);

    /// <summary>Assigns the next invoice number of the year (gap-free) and the issue and due dates.</summary>
    Task<Result<InvoiceView>> IssueAsync(int? expectedVersion);

    Task<Result<InvoiceView>> SendAsync(string? email, int? expectedVersion);

    Task<Result<InvoiceView>> MarkOverdueAsync(int? expectedVersion);

    Task<Result<InvoiceView>> CancelAsync(int? expectedVersion);

    Task<Result<InvoiceView>> MarkPaidAsync(int? expectedVersion);

    /// <summary>Applies a completed payment; applying the same payment again changes nothing.</summary>
    Task<Result<InvoiceView>> ApplyPaymentAsync(Guid paymentId, decimal amount, string currency);

    /// <summary>Takes back a refunded payment; unknown payments change nothing.</summary>
    Task<Result<InvoiceView>> ReversePaymentAsync(Guid paymentId);

    /// <summary>
    /// The year's number grain still holds <paramref name="invoiceNumber"/> reserved for this invoice (an issue that
    /// crashed after reserving it and was not retried): the invoice takes the number now, so the sequence keeps no
    /// gap, and confirms it. One-way: the number grain never waits on an invoice that may be waiting on it.
    /// </summary>
    [Orleans.Concurrency.OneWay]
    Task ReconcileNumberAsync(int year, string invoiceNumber);
}

/// <summary>Hands out invoice numbers for one year, in order and without gaps (key: the year).</summary>
public interface IInvoiceNumberGrain : IGrainWithIntegerKey
{
    /// <summary>The number for this invoice: the same one however often it is asked, until confirmed.</summary>
    Task<string> ReserveAsync(Guid invoiceId);

    /// <summary>The invoice has stored its number; the reservation is no longer needed.</summary>
    Task ConfirmAsync(Guid invoiceId);

    /// <summary>Asks every invoice that still holds a reservation to take its number (see IInvoiceGrain.ReconcileNumberAsync).</summary>
    Task ReconcileAsync();

    /// <summary>The number reserved for this invoice and not yet confirmed, if any.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<string?> ReservedForAsync(Guid invoiceId);
}

[GenerateSerializer, Immutable]
public sealed record InvoiceView(
    [property: Id(0)] InvoiceState State,
    [property: Id(1)] DateOnly Today)
{
    public static Func<InvoiceState, InvoiceView> At(DateOnly today) => s => new InvoiceView(s, today);
}
