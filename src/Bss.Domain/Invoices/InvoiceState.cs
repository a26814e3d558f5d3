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
    [property: Id(8)] DateOnly? PeriodEnd = null)
{
    public decimal NetAmount => Money.Round(Quantity * UnitPrice);

    public decimal TaxAmount => Money.Round((NetAmount - DiscountAmount) * TaxRate);

    public decimal GrossAmount => NetAmount - DiscountAmount + TaxAmount;
}

/// <summary>What a manual invoice is created with.</summary>
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
    [property: Id(8)] DateOnly? BillingPeriodEnd);
