using Bss.Domain.Common;
using Bss.Domain.Products;
using Bss.Domain.Subscriptions;

namespace Bss.Abstractions.Subscriptions;

/// <summary>One subscription of a customer to a product, keyed by its id.</summary>
public interface ISubscriptionGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Starts the subscription (ACTIVE) for an existing ACTIVE customer and ACTIVE product, with the product's terms
    /// as defaults. A retry naming the same customer and product answers the existing subscription.
    /// </summary>
    Task<Result<SubscriptionView>> SubscribeAsync(SubscriptionDetails details);

    /// <summary>
    /// <see cref="SubscribeAsync"/> keyed by an Idempotency-Key (the request's fingerprint; null without a key): the key's
    /// record is kept in this entity and written by the create's own write; a repeat replays, another request with
    /// the key is refused (<see cref="ErrorKind.IdempotencyKeyReused"/>).
    /// </summary>
    Task<Result<Created<SubscriptionView>>> CreateOnceAsync(SubscriptionDetails details, string? requestFingerprint);

    [Orleans.Concurrency.ReadOnly]
    Task<SubscriptionView?> GetAsync();

    /// <summary>The whole state, terms included, as billing reads it; null when there is no such subscription.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<SubscriptionState?> GetBillingStateAsync();

    Task<Result<SubscriptionView>> UpdateTermsAsync(SubscriptionDetails changes, int expectedVersion);

    Task<Result<SubscriptionView>> ChangeStatusAsync(SubscriptionStatus target, int? expectedVersion);

    Task<Result<SubscriptionView>> RenewAsync(int? expectedVersion);

    /// <summary>
    /// Upgrade or downgrade: moves to another product (read afresh from its grain) from the effective date, recording a
    /// new term. The product must be ACTIVE, in the subscription's currency and with its billing period.
    /// </summary>
    Task<Result<SubscriptionView>> ChangePlanAsync(PlanChange change, int? expectedVersion);

    /// <summary>Dunning: an ACTIVE subscription becomes SUSPENDED with reason DUNNING; any other changes nothing.</summary>
    Task<SubscriptionView?> SuspendForDunningAsync();

    /// <summary>Dunning settled: a subscription SUSPENDED by dunning becomes ACTIVE again; any other changes nothing.</summary>
    Task<Result<SubscriptionView>> ResumeFromDunningAsync();

    /// <summary>
    /// Whether this subscription, of that customer, is ACTIVE or on its way to ACTIVE (a start or resume in flight).
    /// Interleaves, since the customer asks it while a subscription may be waiting on the customer; it answers from
    /// persisted state only.
    /// </summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<bool> IsActiveForCustomerAsync(Guid customerId);
}

[GenerateSerializer, Immutable]
public sealed record SubscriptionView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string SubscriptionNumber,
    [property: Id(2)] Guid CustomerId,
    [property: Id(3)] Guid ProductId,
    [property: Id(4)] Guid? OrderId,
    [property: Id(5)] SubscriptionStatus Status,
    [property: Id(6)] DateOnly StartDate,
    [property: Id(7)] DateOnly? EndDate,
    [property: Id(8)] DateOnly? BillingStart,
    [property: Id(9)] DateOnly? NextBillingDate,
    [property: Id(10)] BillingPeriod BillingPeriod,
    [property: Id(11)] decimal Price,
    [property: Id(12)] string Currency,
    [property: Id(13)] decimal DiscountAmount,
    [property: Id(14)] decimal NetAmount,
    [property: Id(15)] string? Configuration,
    [property: Id(16)] bool AutoRenew,
    [property: Id(17)] bool RenewalNoticeSent,
    [property: Id(18)] DateTimeOffset CreatedAt,
    [property: Id(19)] DateTimeOffset UpdatedAt,
    [property: Id(20)] int Version,
    [property: Id(21)] SuspensionReason? SuspensionReason,
    [property: Id(22)] IReadOnlyList<SubscriptionTerm> Terms)
{
    public static SubscriptionView From(SubscriptionState s) => new(
        s.Id, s.SubscriptionNumber, s.CustomerId, s.ProductId, s.OrderId, s.Status, s.StartDate, s.EndDate,
        s.BillingStart, s.NextBillingDate, s.BillingPeriod, s.Price, s.Currency, s.DiscountAmount, s.NetAmount,
        s.Configuration, s.AutoRenew, s.RenewalNoticeSent, s.CreatedAt, s.UpdatedAt, s.Version,
        s.SuspensionReason, Subscription.TermsOf(s));
}
