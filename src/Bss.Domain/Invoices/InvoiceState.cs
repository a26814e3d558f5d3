using Bss.Domain.Common;

namespace Bss.Domain.Invoices;

/// <summary>An invoice with its lines. Totals are always recomputed from the lines by <see cref="Invoice"/>.</summary>
[GenerateSerializer]
public sealed class InvoiceState : EntityState
{
    [Id(0)] public Guid CustomerId { get; set; }
    [Id(1)] public string CustomerName { get; set; } = "";
    [Id(2)] public string? InvoiceNumber { get; set; }
    [Id(3)] public InvoiceType InvoiceType { get; set; }
    [Id(4)] public InvoiceStatus Status { get; set; }
    [Id(5)] public DateOnly? IssueDate { get; set; }
    [Id(6)] public DateOnly? DueDate { get; set; }
    [Id(7)] public DateOnly? PaidDate { get; set; }
    [Id(8)] public DateOnly? BillingPeriodStart { get; set; }
    [Id(9)] public DateOnly? BillingPeriodEnd { get; set; }
    [Id(10)] public IReadOnlyList<InvoiceLine> Items { get; set; } = [];
    [Id(11)] public decimal Subtotal { get; set; }
    [Id(12)] public decimal DiscountAmount { get; set; }
    [Id(13)] public decimal TaxAmount { get; set; }
    [Id(14)] public decimal TotalAmount { get; set; }
    [Id(15)] public string Currency { get; set; } = Money.DefaultCurrency;
    [Id(16)] public int PaymentTerms { get; set; } = Invoice.DefaultPaymentTerms;
    [Id(17)] public decimal LateFee { get; set; }
    [Id(18)] public string? Notes { get; set; }
    [Id(19)] public string? SentToEmail { get; set; }
    [Id(20)] public DateTimeOffset? SentAt { get; set; }
    [Id(21)] public decimal AmountPaid { get; set; }

    /// <summary>Payments applied, by payment id: applying the same payment twice changes nothing.</summary>
    [Id(22)] public IReadOnlyDictionary<Guid, decimal> AppliedPayments { get; set; } = new Dictionary<Guid, decimal>();

    /// <summary>
    /// The number the user typed when creating a manual invoice: the operator's reference, shown as the invoice's
    /// number until it is issued under the gap-free legal number (<see cref="InvoiceNumber"/>), and kept after that.
    /// </summary>
    [Id(23)] public string? ManualNumber { get; set; }

    public decimal BalanceDue => Math.Max(0, TotalAmount - AmountPaid);
}

/// <summary>
/// One line: quantity × unit price, less its discount, plus tax at its rate. Amounts per line are rounded. A billed
/// charge names the days it covers (<see cref="PeriodStart"/> to <see cref="PeriodEnd"/>, both included).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record InvoiceLine(
    [property: Id(0)] string Description,
    [property: Id(1)] decimal Quantity,
    [property: Id(2)] decimal UnitPrice,
    [property: Id(3)] decimal DiscountAmount,
    [property: Id(4)] decimal TaxRate,
    [property: Id(5)] Guid? ProductId,
    [property: Id(6)] Guid? SubscriptionId,
    [property: Id(7)] DateOnly? PeriodStart = null,
    [property: Id(8)] DateOnly? PeriodEnd = null,
    [property: Id(9)] decimal? FixedTaxAmount = null)
{
    public decimal NetAmount => Money.Round(Quantity * UnitPrice);

    /// <summary>The tax at the line's rate, or, on the summary line of an invoice entered as amounts, the tax entered.</summary>
    public decimal TaxAmount => FixedTaxAmount ?? Money.Round((NetAmount - DiscountAmount) * TaxRate);

    public decimal GrossAmount => NetAmount - DiscountAmount + TaxAmount;
}

/// <summary>
/// The amounts of a manual invoice entered as a header (the frontend's form has no lines): they must add up,
/// subtotal − discount + tax = total, and become one summary line.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record InvoiceAmounts(
    [property: Id(0)] decimal? Subtotal,
    [property: Id(1)] decimal? DiscountAmount,
    [property: Id(2)] decimal? TaxAmount,
    [property: Id(3)] decimal? TotalAmount);

/// <summary>What a manual invoice is created with: lines, or (no lines) header amounts.</summary>
[GenerateSerializer, Immutable]
public sealed record InvoiceDraft(
    [property: Id(0)] Guid CustomerId,
    [property: Id(1)] InvoiceType InvoiceType,
    [property: Id(2)] IReadOnlyList<InvoiceLine> Items,
    [property: Id(3)] string? Currency,
    [property: Id(4)] int? PaymentTerms,
    [property: Id(5)] decimal? LateFee,
    [property: Id(6)] string? Notes,
    [property: Id(7)] DateOnly? BillingPeriodStart,
    [property: Id(8)] DateOnly? BillingPeriodEnd,
    [property: Id(9)] string? ManualNumber = null,
    [property: Id(10)] InvoiceAmounts? Amounts = null,
    [property: Id(11)] DateOnly? IssueDate = null,
    [property: Id(12)] DateOnly? DueDate = null,
    [property: Id(13)] string? SentToEmail = null);
