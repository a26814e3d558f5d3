using Bss.Domain.Common;

namespace Bss.Domain.Payments;

/// <summary>
/// Payment rules. A COMPLETED payment counts on its invoice up to the balance due, and the rest is the customer's
/// credit (a payment without an invoice is all credit); REFUNDED takes both back.
/// </summary>
public static class Payment
{
    public const string Name = "Payment";

    public static readonly StatusMachine<PaymentStatus> Statuses = new(Name, new Dictionary<PaymentStatus, PaymentStatus[]>
    {
        [PaymentStatus.Pending] = [PaymentStatus.Processing, PaymentStatus.Completed, PaymentStatus.Failed],
        [PaymentStatus.Processing] = [PaymentStatus.Completed, PaymentStatus.Failed],
        [PaymentStatus.Completed] = [PaymentStatus.Refunded],
        [PaymentStatus.Failed] = [],
        [PaymentStatus.Refunded] = [],
    });

    public static FieldErrors Validate(PaymentDetails details)
    {
        var errors = new FieldErrors()
            .Check("amount", Money.Check(details.Amount, 0.01m))
            .Check("currency", Money.CheckCurrency(details.Currency))
            .Check("paymentNumber", TextRules.Length(TextRules.Normalize(details.PaymentNumber), 3, 50, required: false))
            .Check("transactionId", TextRules.Length(TextRules.Normalize(details.TransactionId), 1, 100, required: false))
            .Check("gateway", TextRules.Length(TextRules.Normalize(details.Gateway), 1, 50, required: false))
            .Check("referenceNumber", TextRules.Length(TextRules.Normalize(details.ReferenceNumber), 1, 100, required: false))
            .Check("notes", TextRules.Length(TextRules.Normalize(details.Notes), 0, 2000, required: false));
        if (details.CustomerId == Guid.Empty)
        {
            errors.Add("customerId", "is required");
        }

        if (details.InitialStatus is { } status && status is not (PaymentStatus.Pending or PaymentStatus.Processing or PaymentStatus.Completed))
        {
            errors.Add("paymentStatus", "a new payment is PENDING, PROCESSING or COMPLETED");
        }

        return errors;
    }

    public static Result<PaymentState> Record(PaymentState current, Guid id, PaymentDetails details, DateTimeOffset now)
    {
        if (Entity.MustBeNew(current, Name, id) is { } exists)
        {
            return exists;
        }

        return Validate(details).ToResult(() =>
        {
            var payment = current.FirstVersion<PaymentState>(id, now);
            payment.PaymentNumber = TextRules.Normalize(details.PaymentNumber) ?? "PAY-" + id.ToString("N")[..12].ToUpperInvariant();
            payment.CustomerId = details.CustomerId;
            payment.InvoiceId = details.InvoiceId;
            payment.Amount = details.Amount!.Value;
            payment.Currency = Money.CurrencyOrDefault(details.Currency);
            payment.PaymentMethod = details.PaymentMethod;
            payment.Status = details.InitialStatus ?? PaymentStatus.Pending;
            payment.TransactionId = TextRules.Normalize(details.TransactionId);
            payment.Gateway = TextRules.Normalize(details.Gateway);
            payment.PaymentDate = details.PaymentDate ?? DateOnly.FromDateTime(now.UtcDateTime);
            payment.ReceivedDate = details.ReceivedDate ?? (payment.Status == PaymentStatus.Completed ? payment.PaymentDate : null);
            payment.ReferenceNumber = TextRules.Normalize(details.ReferenceNumber);
            payment.Notes = TextRules.Normalize(details.Notes);
            payment.InvoiceInSync = payment.Status != PaymentStatus.Completed;
            return payment;
        });
    }

    public static Result<PaymentState> ChangeStatus(PaymentState current, PaymentStatus target, string? reversalReason,
        int? expectedVersion, DateTimeOffset now)
    {
        if ((Entity.Guard(current, Name, expectedVersion) ?? Statuses.Check(current.Status, target)) is { } error)
        {
            return error;
        }

        var reason = TextRules.Normalize(reversalReason);
        if (target == PaymentStatus.Refunded && TextRules.Length(reason, 3, 500) is { } problem)
        {
            return DomainError.Validation(new FieldErrors().Add("reversalReason", problem));
        }

        var next = current.NextVersion<PaymentState>(now);
        next.Status = target;
        if (target == PaymentStatus.Completed)
        {
            next.ReceivedDate ??= DateOnly.FromDateTime(now.UtcDateTime);
        }

        if (target == PaymentStatus.Refunded)
        {
            next.ReversalReason = reason;
        }

        next.InvoiceInSync = target is not (PaymentStatus.Completed or PaymentStatus.Refunded);
        return Result<PaymentState>.Ok(next);
    }

    /// <summary>Records that the invoice has taken the payment's current effect.</summary>
    public static PaymentState InvoiceSynced(PaymentState current)
    {
        var next = current.Copy<PaymentState>();
        next.InvoiceInSync = true;
        return next;
    }
}
