using Bss.Abstractions.Billing;
using Bss.Abstractions.Customers;
using Bss.Abstractions.Invoices;
using Bss.Abstractions.Payments;
using Bss.Domain.Common;
using Bss.Domain.Payments;
using Bss.Grains.Common;
using Microsoft.Extensions.Logging;

namespace Bss.Grains.Payments;

/// <summary>
/// A payment. Its effect on the invoice and the customer's account credit (apply when COMPLETED, reverse when
/// REFUNDED) is delivered after the payment's own write, idempotently by payment id, and resumed — on the next call, on re-activation, and by a
/// reminder — until it lands, so a crash or an unreachable invoice never loses it.
/// </summary>
[GrainType("payment")]
public sealed partial class PaymentGrain(
    [PersistentState("payment", GrainStorage.Name)] IPersistentState<PaymentState> state,
    TimeProvider time,
    BssMetrics metrics,
    ILogger<PaymentGrain> logger) : Grain, IPaymentGrain, IRemindable
{
    internal const string SyncReminder = "invoice-sync";

    private Guid Id => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Exists && !state.State.InvoiceInSync)
        {
            await TrySyncInvoiceAsync();
        }
    }

    public async Task<Result<PaymentState>> RecordAsync(PaymentDetails details)
    {
        if (state.State.Exists)
        {
            // A retried create (same id from the Idempotency-Key) answers the payment it made.
            return SameRequest(state.State, details)
                ? Result<PaymentState>.Ok(await SyncedAsync())
                : new DomainError(ErrorKind.AlreadyExists, $"Payment {Id} already exists.");
        }

        var checkedDetails = await CheckReferencesAsync(details);
        if (!checkedDetails.IsSuccess)
        {
            return checkedDetails.Error;
        }

        var result = await state.CommitAsync(current => Payment.Record(current, Id, checkedDetails.Value, time.GetUtcNow()));
        CountStatus(result);
        return result.IsSuccess ? Result<PaymentState>.Ok(await SyncedAsync()) : result;
    }

    public Task<PaymentState?> GetAsync() => Task.FromResult(state.State.Exists ? state.State : null);

    public async Task<Result<PaymentState>> ChangeStatusAsync(PaymentStatus target, string? reversalReason, int? expectedVersion)
    {
        if (state.State.Exists && state.State.Status == target && target is PaymentStatus.Completed or PaymentStatus.Refunded)
        {
            // Asking again for the status it has: a retry. Make sure its effect on the invoice landed.
            return Result<PaymentState>.Ok(await SyncedAsync());
        }

        var result = await state.CommitAsync(current => Payment.ChangeStatus(current, target, reversalReason, expectedVersion, time.GetUtcNow()));
        CountStatus(result);
        return result.IsSuccess ? Result<PaymentState>.Ok(await SyncedAsync()) : result;
    }

    /// <summary>Money in (completed) and back out (refunded) per currency, and every status reached, for the Business dashboard.</summary>
    private void CountStatus(Result<PaymentState> result)
    {
        if (result.IsSuccess)
        {
            var payment = result.Value;
            metrics.PaymentReached(EnumText.Code(payment.Status), payment.Amount, payment.Currency,
                countsAmount: payment.Status is PaymentStatus.Completed or PaymentStatus.Refunded);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == SyncReminder && await TrySyncInvoiceAsync())
        {
            var reminder = await this.GetReminder(SyncReminder);
            if (reminder is not null)
            {
                await this.UnregisterReminder(reminder);
            }
        }
    }

    /// <summary>Delivers the pending invoice effect now if possible; otherwise leaves a reminder to deliver it.</summary>
    private async Task<PaymentState> SyncedAsync()
    {
        if (!state.State.InvoiceInSync && !await TrySyncInvoiceAsync())
        {
            // Stored durably as pending; the reminder (persisted in PostgreSQL) finishes the job.
            await this.RegisterOrUpdateReminder(SyncReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }

        return state.State;
    }

    private async Task<bool> TrySyncInvoiceAsync()
    {
        var payment = state.State;
        if (payment.InvoiceInSync)
        {
            return true;
        }

        try
        {
            var account = GrainFactory.GetGrain<IBillingAccountGrain>(payment.CustomerId);
            if (payment.Status == PaymentStatus.Refunded)
            {
                if (payment.InvoiceId is { } invoiceId)
                {
                    Refused(invoiceId, await GrainFactory.GetGrain<IInvoiceGrain>(invoiceId).ReversePaymentAsync(Id));
                }

                await account.ReversePaymentCreditAsync(Id);
            }
            else
            {
                var credit = payment.Amount;
                if (payment.InvoiceId is { } invoiceId)
                {
                    var outcome = await GrainFactory.GetGrain<IInvoiceGrain>(invoiceId).ApplyPaymentAsync(Id, payment.Amount, payment.Currency);
                    if (!Refused(invoiceId, outcome))
                    {
                        credit -= outcome.Value!.State.AppliedPayments.GetValueOrDefault(Id);
                    }
                }

                if (credit > 0)
                {
                    var credited = await account.AddPaymentCreditAsync(Id, credit, payment.Currency);
                    if (!credited.IsSuccess)
                    {
                        LogCreditRefused(logger, Id, payment.CustomerId, credited.Error.Message);
                    }
                }
            }

            await state.CommitAsync(current => Result<PaymentState>.Ok(Payment.InvoiceSynced(current)));
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogInvoiceSyncDeferred(logger, e, Id, payment.InvoiceId);
            return false;
        }

        // The invoice refuses it (cancelled meanwhile, another currency): retrying cannot help.
        bool Refused(Guid invoiceId, Result<InvoiceView> outcome)
        {
            if (!outcome.IsSuccess)
            {
                LogInvoiceRefused(logger, Id, invoiceId, outcome.Error.Message);
            }

            return !outcome.IsSuccess;
        }
    }

    private async Task<Result<PaymentDetails>> CheckReferencesAsync(PaymentDetails details)
    {
        var errors = new FieldErrors();
        if (details.CustomerId != Guid.Empty && await GrainFactory.GetGrain<ICustomerGrain>(details.CustomerId).GetAsync() is null)
        {
            errors.Add("customerId", $"no customer {details.CustomerId}");
        }

        var currency = details.Currency;
        if (details.InvoiceId is { } invoiceId)
        {
            var invoice = await GrainFactory.GetGrain<IInvoiceGrain>(invoiceId).GetAsync();
            if (invoice is null)
            {
                errors.Add("invoiceId", $"no invoice {invoiceId}");
            }
            else if (invoice.State.CustomerId != details.CustomerId)
            {
                errors.Add("invoiceId", "belongs to another customer");
            }
            else if (currency is not null && !string.Equals(Money.CurrencyOrDefault(currency), invoice.State.Currency, StringComparison.Ordinal))
            {
                errors.Add("currency", $"must be the invoice's currency, {invoice.State.Currency}");
            }
            else if (invoice.State.Status is Domain.Invoices.InvoiceStatus.Draft or Domain.Invoices.InvoiceStatus.Cancelled)
            {
                errors.Add("invoiceId", $"the invoice is {EnumText.Code(invoice.State.Status)} and takes no payments");
            }
            else
            {
                currency = invoice.State.Currency;
            }
        }

        return errors.IsEmpty ? Result<PaymentDetails>.Ok(details with { Currency = currency }) : DomainError.Validation(errors);
    }

    private static bool SameRequest(PaymentState s, PaymentDetails d) =>
        s.CustomerId == d.CustomerId && s.InvoiceId == d.InvoiceId && s.Amount == d.Amount && s.PaymentMethod == d.PaymentMethod;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment {PaymentId}: invoice {InvoiceId} refused it: {Reason}")]
    private static partial void LogInvoiceRefused(ILogger logger, Guid paymentId, Guid invoiceId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment {PaymentId}: invoice {InvoiceId} or the customer's account unreachable, will retry")]
    private static partial void LogInvoiceSyncDeferred(ILogger logger, Exception exception, Guid paymentId, Guid? invoiceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment {PaymentId}: the account of customer {CustomerId} refused its credit: {Reason}")]
    private static partial void LogCreditRefused(ILogger logger, Guid paymentId, Guid customerId, string reason);
}
