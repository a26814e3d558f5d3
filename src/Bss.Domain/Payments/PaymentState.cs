using Bss.Domain.Common;

namespace Bss.Domain.Payments;

public enum PaymentMethod
{
    Card,
    CreditCard,
    BankTransfer,
    Cash,
    DirectDebit,
    MobilePay,
}

public enum PaymentStatus
{
    Pending,
    Processing,
    Completed,
    Failed,
    Refunded,
}

[GenerateSerializer]
public sealed class PaymentState : EntityState
{
    [Id(0)] public string PaymentNumber { get; set; } = "";
    [Id(1)] public Guid CustomerId { get; set; }
    [Id(2)] public Guid? InvoiceId { get; set; }
    [Id(3)] public decimal Amount { get; set; }
    [Id(4)] public string Currency { get; set; } = Money.DefaultCurrency;
    [Id(5)] public PaymentMethod PaymentMethod { get; set; }
    [Id(6)] public PaymentStatus Status { get; set; }
    [Id(7)] public string? TransactionId { get; set; }
    [Id(8)] public string? Gateway { get; set; }
    [Id(9)] public DateOnly PaymentDate { get; set; }
    [Id(10)] public DateOnly? ReceivedDate { get; set; }
    [Id(11)] public string? ReferenceNumber { get; set; }
    [Id(12)] public string? Notes { get; set; }
    [Id(13)] public string? ReversalReason { get; set; }

    /// <summary>
    /// Whether the payment's current effect has landed (when COMPLETED: applied to its invoice up to the balance due,
    /// the rest — or all of it, without an invoice — credited to the customer's account; when REFUNDED: both taken
    /// back). False while that effect is still to be delivered: the grain resumes it until it lands.
    /// </summary>
    [Id(14)] public bool InvoiceInSync { get; set; } = true;
}

[GenerateSerializer, Immutable]
public sealed record PaymentDetails(
    [property: Id(0)] Guid CustomerId,
    [property: Id(1)] Guid? InvoiceId,
    [property: Id(2)] decimal? Amount,
    [property: Id(3)] string? Currency,
    [property: Id(4)] PaymentMethod PaymentMethod,
    [property: Id(5)] PaymentStatus? InitialStatus,
    [property: Id(6)] string? PaymentNumber,
    [property: Id(7)] string? TransactionId,
    [property: Id(8)] string? Gateway,
    [property: Id(9)] DateOnly? PaymentDate,
    [property: Id(10)] DateOnly? ReceivedDate,
    [property: Id(11)] string? ReferenceNumber,
    [property: Id(12)] string? Notes);
