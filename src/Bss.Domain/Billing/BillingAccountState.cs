using Bss.Domain.Common;
using Bss.Domain.Invoices;

namespace Bss.Domain.Billing;

/// <summary>
/// A customer's billing account (its id is the customer's): when and how it is billed, what has been billed, the
/// credit it holds, and where dunning stands. What a billing run decides — the charges, the new billed marks, the
/// credit used, the invoices to deliver — is stored here in one write, so a charge and the record that it was
/// billed cannot part.
/// </summary>
[GenerateSerializer]
public sealed class BillingAccountState : EntityState
{
    /// <summary>The customer's id (the read table's customer column).</summary>
    [Id(0)] public Guid CustomerId { get; set; }
    [Id(1)] public int BillCycleDay { get; set; } = 1;
    [Id(2)] public string Currency { get; set; } = Money.DefaultCurrency;
    [Id(3)] public int PaymentTerms { get; set; } = Invoice.DefaultPaymentTerms;

    /// <summary>Money the customer has with us (overpayments, credit notes, payments without invoice); negative: owed
    /// and carried to the next invoice.</summary>
    [Id(4)] public decimal Credit { get; set; }

    /// <summary>Credit from each payment, by payment id: adding or taking back the same payment twice changes nothing.</summary>
    [Id(5)] public IReadOnlyDictionary<Guid, decimal> PaymentCredits { get; set; } = new Dictionary<Guid, decimal>();

    /// <summary>What has been billed of each subscription.</summary>
    [Id(6)] public IReadOnlyDictionary<Guid, SubscriptionBilling> Subscriptions { get; set; } = new Dictionary<Guid, SubscriptionBilling>();

    /// <summary>One-time charges waiting for the next invoice.</summary>
    [Id(7)] public IReadOnlyList<OneTimeCharge> PendingCharges { get; set; } = [];

    /// <summary>Keys of one-time charges ever accepted: a repeated charge is ignored. Replaced, never mutated.</summary>
    [Id(8)] public HashSet<string> ChargeKeys { get; set; } = [];

    /// <summary>The last cycle date billed.</summary>
    [Id(9)] public DateOnly? LastCycleDate { get; set; }

    /// <summary>How many runs produced invoices: names the next run's invoices.</summary>
    [Id(10)] public int Runs { get; set; }

    /// <summary>Invoices decided but not yet known to be created and issued; delivered (idempotently) until they are.</summary>
    [Id(11)] public IReadOnlyList<GeneratedInvoice> Undelivered { get; set; } = [];

    [Id(12)] public DunningState Dunning { get; set; } = DunningState.None;

    [Id(13)] public int InvoicesGenerated { get; set; }

    [Id(14)] public decimal TotalInvoiced { get; set; }

    /// <summary>The customer's subscriptions, tracked from before each is stored.</summary>
    [Id(15)] public IReadOnlyList<Guid> SubscriptionIds { get; set; } = [];

    /// <summary>Issued invoices not yet known to be paid or cancelled: what dunning watches.</summary>
    [Id(16)] public IReadOnlyList<Guid> OpenInvoices { get; set; } = [];

    /// <summary>Usage records not rated yet, by record id (a record is counted once); dropped once their period is rated.</summary>
    [Id(17)] public IReadOnlyDictionary<Guid, UsageTotal> UnratedUsage { get; set; } = new Dictionary<Guid, UsageTotal>();

    /// <summary>Dunning stage as the read table's status column.</summary>
    public string Status => EnumText.Code(Dunning.Stage);
}

/// <summary>
/// What has been billed of one subscription: the spans of days charged (merged when adjacent with the same terms)
/// and how far its usage has been rated.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SubscriptionBilling(
    [property: Id(0)] IReadOnlyList<BilledSpan> Billed,
    [property: Id(1)] DateOnly? UsageRatedUntil)
{
    public static readonly SubscriptionBilling Empty = new([], null);

    public DateOnly? BilledUntil => Billed.Count == 0 ? null : Billed[^1].Days.End;
}

/// <summary>Days charged at one set of terms: price and discount per full period, and tax rate.</summary>
[GenerateSerializer, Immutable]
public sealed record BilledSpan(
    [property: Id(0)] BillingInterval Days,
    [property: Id(1)] ChargeTerms Terms);

/// <summary>What a day of a subscription is charged at; two days at equal terms cost the same share of their period.</summary>
[GenerateSerializer, Immutable]
public sealed record ChargeTerms(
    [property: Id(0)] Guid ProductId,
    [property: Id(1)] string ProductName,
    [property: Id(2)] decimal Price,
    [property: Id(3)] decimal DiscountAmount,
    [property: Id(4)] decimal TaxRate)
{
    /// <summary>Equal for billing: the name is only the line's text.</summary>
    public bool SameCharge(ChargeTerms? other) =>
        other is not null && ProductId == other.ProductId && Price == other.Price && DiscountAmount == other.DiscountAmount &&
        TaxRate == other.TaxRate;
}

/// <summary>A one-time charge (e.g. an order's device or installation fee), keyed so it is accepted once.</summary>
[GenerateSerializer, Immutable]
public sealed record OneTimeCharge(
    [property: Id(0)] string Key,
    [property: Id(1)] string Description,
    [property: Id(2)] Guid? ProductId,
    [property: Id(3)] decimal Quantity,
    [property: Id(4)] decimal UnitPrice,
    [property: Id(5)] decimal TaxRate,
    [property: Id(6)] DateOnly ChargedOn);

/// <summary>
/// An invoice a run decided: its id (from the account and run, so a resumed delivery creates it once), its content,
/// and the account credit applied to it (as an application with its own id, applied once).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record GeneratedInvoice(
    [property: Id(0)] Guid InvoiceId,
    [property: Id(1)] InvoiceDraft Draft,
    [property: Id(2)] string CustomerName,
    [property: Id(3)] DateOnly IssueDate,
    [property: Id(4)] Guid CreditApplicationId,
    [property: Id(5)] decimal CreditApplied,
    [property: Id(6)] DateOnly CycleDate)
{
    public InvoiceType Type => Draft.InvoiceType;
}

public enum DunningStage
{
    /// <summary>Nothing overdue beyond grace.</summary>
    None,

    /// <summary>Suspension decided; suspending the listed subscriptions, then the customer.</summary>
    Suspending,

    Suspended,

    /// <summary>Everything overdue is paid; resuming the customer, then the listed subscriptions.</summary>
    Resuming,
}

[GenerateSerializer, Immutable]
public sealed record DunningState(
    [property: Id(0)] DunningStage Stage,
    [property: Id(1)] IReadOnlyList<Guid> SubscriptionIds,
    [property: Id(2)] DateOnly? Since)
{
    public static readonly DunningState None = new(DunningStage.None, [], null);
}
