using Bss.Domain.Billing;
using Bss.Domain.Common;

namespace Bss.Abstractions.Billing;

/// <summary>
/// A customer's billing account (key: the customer id). Bills the customer's subscriptions, holds its credit, runs
/// dunning. A reminder fires daily: it bills on the cycle day, delivers decided invoices, and runs dunning.
/// </summary>
public interface IBillingAccountGrain : IGrainWithGuidKey
{
    [Orleans.Concurrency.ReadOnly]
    Task<BillingAccountView> GetAsync();

    Task<Result<BillingAccountView>> UpdateSettingsAsync(BillingSettings settings, int? expectedVersion);

    /// <summary>Starts billing a subscription of this customer (before the subscription is stored, so none is missed).</summary>
    Task TrackSubscriptionAsync(Guid subscriptionId);

    /// <summary>Tracks an issued invoice of this customer for dunning.</summary>
    Task TrackInvoiceAsync(Guid invoiceId);

    /// <summary>Bills what is due as of a cycle date. Billing the same date again bills nothing twice.</summary>
    Task<Result<BillingRunView>> BillAsync(DateOnly cycleDate);

    /// <summary>What <see cref="BillAsync"/> would generate as of a date, without storing anything.</summary>
    Task<Result<BillingRunView>> PreviewAsync(DateOnly asOf);

    /// <summary>Adds a one-time charge for the next invoice; a charge with a key seen before is ignored, one dated in a
    /// period already settled is refused (see OneTimeCharges).</summary>
    Task<DomainError?> AddOneTimeChargeAsync(OneTimeCharge charge);

    /// <summary>Credits (part of) a payment to the account; the same payment is credited once.</summary>
    Task<Result<decimal>> AddPaymentCreditAsync(Guid paymentId, decimal amount, string currency);

    /// <summary>Takes back a refunded payment's credit; unknown payments change nothing.</summary>
    Task ReversePaymentCreditAsync(Guid paymentId);

    /// <summary>Records a usage record of one of the customer's subscriptions, once per record id.</summary>
    Task<Result<UsageRecordState>> RecordUsageAsync(UsageRecordDetails record);

    /// <summary>The daily work (what the reminder runs): bill if a cycle date has come, deliver invoices, dunning.</summary>
    Task<BillingAccountView> RunDailyAsync();

    /// <summary>The customer was deleted: the account stops its daily run for good (its invoices and credit stay).</summary>
    Task CloseForDeletedCustomerAsync();

    /// <summary>An invoice of the account was paid: dunning re-checks at once instead of at the next daily run.</summary>
    [Orleans.Concurrency.OneWay]
    Task InvoiceSettledAsync(Guid invoiceId);
}

[GenerateSerializer, Immutable]
public sealed record BillingSettings(
    [property: Id(0)] int? BillCycleDay,
    [property: Id(1)] int? PaymentTerms,
    [property: Id(2)] string? Currency);

[GenerateSerializer, Immutable]
public sealed record BillingAccountView(
    [property: Id(0)] Guid CustomerId,
    [property: Id(1)] int BillCycleDay,
    [property: Id(2)] string Currency,
    [property: Id(3)] int PaymentTerms,
    [property: Id(4)] decimal Credit,
    [property: Id(5)] DateOnly? LastCycleDate,
    [property: Id(6)] DateOnly NextCycleDate,
    [property: Id(7)] DunningStage DunningStage,
    [property: Id(8)] IReadOnlyList<Guid> DunningSuspendedSubscriptionIds,
    [property: Id(9)] DateOnly? DunningSince,
    [property: Id(10)] int SubscriptionCount,
    [property: Id(11)] int OpenInvoiceCount,
    [property: Id(12)] int InvoicesGenerated,
    [property: Id(13)] decimal TotalInvoiced,
    [property: Id(14)] int Version,
    [property: Id(15)] DateTimeOffset? CreatedAt,
    [property: Id(16)] DateTimeOffset? UpdatedAt);

/// <summary>
/// The invoices a run generated (or would generate, for a preview); empty when nothing was due.
/// <see cref="InvoicesOfDate"/> counts every invoice the account's runs of that date generated, this one's and
/// earlier ones' (what a cycle resumed after a crash counts for an account billed just before it).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record BillingRunView(
    [property: Id(0)] Guid CustomerId,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] IReadOnlyList<GeneratedInvoice> Invoices,
    [property: Id(3)] decimal CreditBefore,
    [property: Id(4)] decimal CreditAfter,
    [property: Id(5)] int InvoicesOfDate);

/// <summary>A usage record as a client posts it; the id makes it idempotent.</summary>
[GenerateSerializer, Immutable]
public sealed record UsageRecordDetails(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid SubscriptionId,
    [property: Id(2)] Guid CustomerId,
    [property: Id(3)] UsageType UsageType,
    [property: Id(4)] decimal Quantity,
    [property: Id(5)] DateOnly UsageDate,
    [property: Id(6)] string? Description);
