using Bss.Abstractions.Invoices;
using Bss.Api.Security;
using Bss.Domain.Common;
using Bss.Domain.Invoices;
using Microsoft.AspNetCore.Http;

namespace Bss.Api.Invoices;

public sealed record InvoiceLineRequest(
    string? Description,
    decimal? Quantity,
    decimal? UnitPrice,
    decimal? DiscountAmount,
    decimal? TaxRate,
    Guid? ProductId,
    Guid? SubscriptionId);

/// <summary>
/// POST body: a manual invoice, created as a DRAFT, with lines or, as the frontend's form sends it, as header amounts
/// (subtotal, discountAmount, taxAmount, totalAmount: stored as one summary line). <c>invoiceNumber</c> is the number the
/// user typed: the invoice shows it until it is issued under the next legal FV/yyyy/nnnnnn, and keeps it as
/// <c>manualNumber</c>. <c>issueDate</c>/<c>dueDate</c> are shown on the DRAFT; issuing sets the legal ones.
/// </summary>
public sealed record CreateInvoiceRequest(
    Guid? CustomerId,
    string? InvoiceType,
    IReadOnlyList<InvoiceLineRequest>? Items,
    string? Currency,
    int? PaymentTerms,
    decimal? LateFee,
    string? Notes,
    DateOnly? BillingPeriodStart,
    DateOnly? BillingPeriodEnd,
    string? InvoiceNumber = null,
    DateOnly? IssueDate = null,
    DateOnly? DueDate = null,
    decimal? Subtotal = null,
    decimal? DiscountAmount = null,
    decimal? TaxAmount = null,
    decimal? TotalAmount = null,
    string? SentToEmail = null)
{
    /// <summary>The header amounts, when any was sent.</summary>
    public InvoiceAmounts? Amounts() => (Subtotal ?? DiscountAmount ?? TaxAmount ?? TotalAmount) is null
        ? null
        : new InvoiceAmounts(Subtotal, DiscountAmount, TaxAmount, TotalAmount);
}

/// <summary>PUT /{id}/status body; <c>sentToEmail</c> goes with SENT.</summary>
public sealed record ChangeInvoiceStatusRequest(string? Id, string? Status, int? Version, string? SentToEmail);

public sealed record InvoiceLineResponse(
    string Description,
    decimal Quantity,
    decimal UnitPrice,
    decimal NetAmount,
    decimal DiscountAmount,
    decimal TaxRate,
    decimal TaxAmount,
    decimal GrossAmount,
    Guid? ProductId,
    Guid? SubscriptionId,
    DateOnly? PeriodStart,
    DateOnly? PeriodEnd)
{
    public static InvoiceLineResponse From(InvoiceLine l) => new(l.Description, l.Quantity, l.UnitPrice, l.NetAmount, l.DiscountAmount,
        l.TaxRate, l.TaxAmount, l.GrossAmount, l.ProductId, l.SubscriptionId, l.PeriodStart, l.PeriodEnd);
}

public sealed record InvoiceResponse(
    Guid Id,
    string InvoiceNumber,
    string? ManualNumber,
    Guid CustomerId,
    string CustomerName,
    string InvoiceType,
    string InvoiceTypeDisplayName,
    string Status,
    string StatusDisplayName,
    DateOnly? IssueDate,
    DateOnly? DueDate,
    DateOnly? PaidDate,
    DateOnly? BillingPeriodStart,
    DateOnly? BillingPeriodEnd,
    decimal Subtotal,
    decimal DiscountAmount,
    decimal TaxAmount,
    decimal TotalAmount,
    string Currency,
    int PaymentTerms,
    decimal LateFee,
    string? Notes,
    string? PdfUrl,
    string? SentToEmail,
    DateTimeOffset? SentAt,
    bool IsUnpaid,
    bool IsOverdue,
    bool IsPaid,
    bool CanBeCancelled,
    int ItemCount,
    IReadOnlyList<InvoiceLineResponse> Items,
    decimal AmountPaid,
    decimal BalanceDue,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version)
{
    /// <summary>The response as <paramref name="http"/>'s caller may see it: the e-mail it was sent to masked below OPERATOR.</summary>
    public static Func<InvoiceView, InvoiceResponse> For(HttpContext http) =>
        PersonalData.Visible(http) ? From : v => Masked(From(v));

    private static InvoiceResponse Masked(InvoiceResponse r) => r with { SentToEmail = PersonalData.Email(r.SentToEmail) };

    public static InvoiceResponse From(InvoiceView view)
    {
        var s = view.State;
        var unpaid = s.Status is InvoiceStatus.Issued or InvoiceStatus.Sent or InvoiceStatus.Overdue;
        return new InvoiceResponse(
            s.Id, Invoice.DisplayNumber(s), s.ManualNumber, s.CustomerId, s.CustomerName,
            EnumText.Code(s.InvoiceType), EnumText.Display(s.InvoiceType),
            EnumText.Code(s.Status), EnumText.Display(s.Status),
            s.IssueDate, s.DueDate, s.PaidDate, s.BillingPeriodStart, s.BillingPeriodEnd,
            s.Subtotal, s.DiscountAmount, s.TaxAmount, s.TotalAmount, s.Currency, s.PaymentTerms, s.LateFee, s.Notes,
            PdfUrl: null, s.SentToEmail, s.SentAt,
            IsUnpaid: unpaid,
            IsOverdue: s.Status == InvoiceStatus.Overdue || (unpaid && s.DueDate < view.Today),
            IsPaid: s.Status == InvoiceStatus.Paid,
            CanBeCancelled: Invoice.Statuses.CanMove(s.Status, InvoiceStatus.Cancelled) && s.AmountPaid == 0,
            ItemCount: s.Items.Count,
            s.Items.Select(InvoiceLineResponse.From).ToList(),
            s.AmountPaid, s.BalanceDue, s.CreatedAt, s.UpdatedAt, s.Version);
    }
}
