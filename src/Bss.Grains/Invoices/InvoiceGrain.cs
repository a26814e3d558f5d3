using Bss.Abstractions.Billing;
using Bss.Abstractions.Customers;
using Bss.Abstractions.Invoices;
using Bss.Domain.Billing;
using Bss.Domain.Common;
using Bss.Domain.Invoices;
using Bss.Grains.Common;
using Microsoft.Extensions.Logging;

namespace Bss.Grains.Invoices;

[GrainType("invoice")]
public sealed partial class InvoiceGrain(
    [PersistentState("invoice", GrainStorage.Name)] IPersistentState<InvoiceState> state,
    TimeProvider time,
    BssMetrics metrics,
    ILogger<InvoiceGrain> logger) : Grain, IInvoiceGrain
{
    private Guid Id => this.GetPrimaryKey();

    private InvoiceView View(InvoiceState s) => new(s, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));

    public async Task<Result<InvoiceView>> CreateDraftAsync(InvoiceDraft draft)
    {
        var customer = await GrainFactory.GetGrain<ICustomerGrain>(draft.CustomerId).GetAsync();
        if (customer is null)
        {
            return DomainError.Validation(new FieldErrors().Add("customerId", $"no customer {draft.CustomerId}"));
        }

        var name = $"{customer.FirstName} {customer.LastName}";
        return (await state.CommitAsync(current => Invoice.CreateDraft(current, Id, draft, name, time.GetUtcNow()))).Map(View);
    }

    public async Task<Result<InvoiceView>> CreateGeneratedAsync(GeneratedInvoice invoice)
    {
        if (state.State.Exists)
        {
            // Delivered before (this is a resumed or repeated delivery): only what may not have landed yet.
            return await Decide(current => InvoiceDelivery.Complete(current, invoice, time.GetUtcNow()));
        }

        // The number is reserved for this invoice id until confirmed, so a crash between here and the write below
        // hands the same number to the resumed delivery: no gap, no duplicate. The issue and the credit the run
        // applied are one write.
        var numbers = GrainFactory.GetGrain<IInvoiceNumberGrain>(invoice.IssueDate.Year);
        var number = await numbers.ReserveAsync(Id);
        var created = await state.CommitAsync(current => InvoiceDelivery.Issue(current, invoice, number, time.GetUtcNow()));
        if (!created.IsSuccess)
        {
            return created.Error;
        }

        metrics.InvoiceIssued(created.Value.TotalAmount, created.Value.Currency);
        await numbers.ConfirmAsync(Id);
        return Result<InvoiceView>.Ok(View(created.Value));
    }

    public Task<InvoiceView?> GetAsync() => Task.FromResult(state.State.Exists ? View(state.State) : null);

    public async Task<Result<InvoiceView>> IssueAsync(int? expectedVersion)
    {
        if (Invoice.CanIssue(state.State, expectedVersion) is { } refused)
        {
            return refused;
        }

        // The grain handles one request at a time, so nothing can change the invoice between the check above and
        // the write below; the number is reserved for this invoice and is the same if this call is retried.
        var now = time.GetUtcNow();
        var (numbers, number) = await ReserveNumberAsync(now);
        var result = await state.CommitAsync(current => Invoice.Issue(current, number, expectedVersion, now));
        if (result.IsSuccess)
        {
            metrics.InvoiceIssued(result.Value.TotalAmount, result.Value.Currency);
            await numbers.ConfirmAsync(Id);
            await TrackForDunningAsync(result.Value.CustomerId);
        }

        return result.Map(View);
    }

    /// <summary>
    /// The number to issue under: one an earlier issue of this invoice reserved in a year that has since ended (it
    /// crashed on 31 December and is retried in January), else the next of this year. Taking the old reservation is
    /// what keeps last year's series without a gap: that year's grain would hand it back only on its next reservation,
    /// which may never come. Only a draft created in an earlier year can hold one, so this costs nothing otherwise.
    /// </summary>
    private async Task<(IInvoiceNumberGrain Numbers, string Number)> ReserveNumberAsync(DateTimeOffset now)
    {
        for (var year = state.State.CreatedAt.Year; year < now.Year; year++)
        {
            var earlier = GrainFactory.GetGrain<IInvoiceNumberGrain>(year);
            if (await earlier.ReservedForAsync(Id) is { } reserved)
            {
                return (earlier, reserved);
            }
        }

        var numbers = GrainFactory.GetGrain<IInvoiceNumberGrain>(now.Year);
        return (numbers, await numbers.ReserveAsync(Id));
    }

    public async Task ReconcileNumberAsync(int year, string invoiceNumber)
    {
        // Not created yet: a billing run's invoice, whose delivery resumes with this same reservation.
        if (!state.State.Exists)
        {
            return;
        }

        var taken = await state.CommitAsync(current => Invoice.TakeReservedNumber(current, invoiceNumber, time.GetUtcNow()));
        if (!taken.IsSuccess)
        {
            LogNumberNotTaken(logger, Id, invoiceNumber, taken.Error.Message);
            return;
        }

        await GrainFactory.GetGrain<IInvoiceNumberGrain>(year).ConfirmAsync(Id);
        if (taken.Value.Status == InvoiceStatus.Issued)
        {
            await TrackForDunningAsync(taken.Value.CustomerId);
        }
    }

    public Task<Result<InvoiceView>> SendAsync(string? email, int? expectedVersion) =>
        Decide(current => Invoice.Send(current, email, expectedVersion, time.GetUtcNow()));

    public Task<Result<InvoiceView>> MarkOverdueAsync(int? expectedVersion) =>
        Decide(current => Invoice.MarkOverdue(current, expectedVersion, time.GetUtcNow()));

    public Task<Result<InvoiceView>> CancelAsync(int? expectedVersion) =>
        Decide(current => Invoice.Cancel(current, expectedVersion, time.GetUtcNow()));

    public Task<Result<InvoiceView>> MarkPaidAsync(int? expectedVersion) =>
        Decide(current => Invoice.MarkPaid(current, expectedVersion));

    public async Task<Result<InvoiceView>> ApplyPaymentAsync(Guid paymentId, decimal amount, string currency)
    {
        var wasOverdue = state.State.Status == InvoiceStatus.Overdue;
        var result = await Decide(current => Invoice.ApplyPayment(current, paymentId, amount, currency, time.GetUtcNow()));
        if (wasOverdue && result.IsSuccess && result.Value.State.Status == InvoiceStatus.Paid)
        {
            // Dunning may be waiting for exactly this payment to resume the customer.
            await GrainFactory.GetGrain<IBillingAccountGrain>(result.Value.State.CustomerId).InvoiceSettledAsync(Id);
        }

        return result;
    }

    public Task<Result<InvoiceView>> ReversePaymentAsync(Guid paymentId) =>
        Decide(current => Invoice.ReversePayment(current, paymentId, time.GetUtcNow()));

    /// <summary>The issue has landed; an account that cannot be told now misses this invoice for dunning only, which
    /// must not turn the issue into an error (a retry would be refused as already ISSUED).</summary>
    private async Task TrackForDunningAsync(Guid customerId)
    {
        try
        {
            await GrainFactory.GetGrain<IBillingAccountGrain>(customerId).TrackInvoiceAsync(Id);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogTrackingFailed(logger, e, Id, customerId);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Invoice {InvoiceId} cannot take its reserved number {InvoiceNumber}: {Reason}")]
    private static partial void LogNumberNotTaken(ILogger logger, Guid invoiceId, string invoiceNumber, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invoice {InvoiceId} was issued but the account of customer {CustomerId} could not track it for dunning")]
    private static partial void LogTrackingFailed(ILogger logger, Exception exception, Guid invoiceId, Guid customerId);

    private async Task<Result<InvoiceView>> Decide(Func<InvoiceState, Result<InvoiceState>> decide)
    {
        if (state.State.Id == Guid.Empty)
        {
            state.State.Id = Id;
        }

        return (await state.CommitAsync(decide)).Map(View);
    }
}
