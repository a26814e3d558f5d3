using Bss.Domain.Common;
using Bss.Domain.Payments;

namespace Bss.Api.Payments;

/// <summary>POST body. <c>paymentStatus</c> may record an already received payment as COMPLETED.</summary>
public sealed record CreatePaymentRequest(
    Guid? CustomerId,
    Guid? InvoiceId,
    decimal? Amount,
    string? Currency,
    string? PaymentMethod,
    string? PaymentStatus,
    string? PaymentNumber,
    string? TransactionId,
    string? Gateway,
    DateOnly? PaymentDate,
    DateOnly? ReceivedDate,
    string? ReferenceNumber,
    string? Notes);

/// <summary>PUT /{id}/status body.</summary>
public sealed record ChangePaymentStatusRequest(string? Id, string? PaymentStatus, string? ReversalReason, int? Version);

public sealed record PaymentResponse(
    Guid Id,
    string PaymentNumber,
    Guid CustomerId,
    Guid? InvoiceId,
    decimal Amount,
    string Currency,
    string PaymentMethod,
    string PaymentMethodDisplayName,
    string PaymentStatus,
    string PaymentStatusDisplayName,
    string? TransactionId,
    string? Gateway,
    DateOnly PaymentDate,
    DateOnly? ReceivedDate,
    string? ReferenceNumber,
    string? Notes,
    string? ReversalReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version)
{
    public static PaymentResponse From(PaymentState p) => new(
        p.Id, p.PaymentNumber, p.CustomerId, p.InvoiceId, p.Amount, p.Currency,
        EnumText.Code(p.PaymentMethod), EnumText.Display(p.PaymentMethod),
        EnumText.Code(p.Status), EnumText.Display(p.Status),
        p.TransactionId, p.Gateway, p.PaymentDate, p.ReceivedDate, p.ReferenceNumber, p.Notes, p.ReversalReason,
        p.CreatedAt, p.UpdatedAt, p.Version);
}
