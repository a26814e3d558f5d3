using System.Text.Json.Serialization;
using Bss.Domain.Common;
using Bss.Domain.Products;

namespace Bss.Domain.Subscriptions;

public enum SubscriptionStatus
{
    Active,
    Suspended,
    Cancelled,
    Expired,
}

/// <summary>
/// A subscription as the grain holds and persists it (JSON, camelCase) and as the documents read table projects it:
/// <c>customerId</c> fills the read table's customer column, <c>productId</c> and <c>subscriptionNumber</c> are
/// indexed there (dev/postgres/001-orleans-storage.sql, 010-read-model.sql), so rename with care.
/// </summary>
[GenerateSerializer]
public sealed class SubscriptionState : EntityState
{
    [Id(0)] public string SubscriptionNumber { get; set; } = "";
    [Id(1)] public Guid CustomerId { get; set; }
    [Id(2)] public Guid ProductId { get; set; }
    [Id(3)] public Guid? OrderId { get; set; }
    [Id(4)] public SubscriptionStatus Status { get; set; }
    [Id(5)] public DateOnly StartDate { get; set; }
    [Id(6)] public DateOnly? EndDate { get; set; }
    [Id(7)] public DateOnly? BillingStart { get; set; }
    [Id(8)] public DateOnly? NextBillingDate { get; set; }
    [Id(9)] public BillingPeriod BillingPeriod { get; set; }
    [Id(10)] public decimal Price { get; set; }
    [Id(11)] public string Currency { get; set; } = Prices.DefaultCurrency;
    [Id(12)] public decimal DiscountAmount { get; set; }
    [Id(13)] public decimal NetAmount { get; set; }

    /// <summary>A JSON object kept as its text; stored as a real object in the state JSON, so SQL can read it.</summary>
    [Id(14)]
    [JsonConverter(typeof(JsonObjectText))]
    public string? Configuration { get; set; }

    [Id(15)] public bool AutoRenew { get; set; }
    [Id(16)] public bool RenewalNoticeSent { get; set; }

    /// <summary>
    /// What the subscription costs from which day: the first term starts at the billing start, and each change of
    /// product, price or discount adds a term from its effective date. Billing charges each day at the term in force;
    /// <see cref="EndDate"/> is the first day no longer charged.
    /// </summary>
    [Id(17)] public IReadOnlyList<SubscriptionTerm> Terms { get; set; } = [];

    /// <summary>Why a SUSPENDED subscription is suspended; null when it is not.</summary>
    [Id(18)] public SuspensionReason? SuspensionReason { get; set; }
}

/// <summary>Why a subscription is SUSPENDED: on request, or by dunning (then paying the overdue invoices resumes it).</summary>
public enum SuspensionReason
{
    Manual,
    Dunning,
}

/// <summary>The product, price and discount (both per full billing period) in force from <see cref="From"/> on.</summary>
[GenerateSerializer, Immutable]
public sealed record SubscriptionTerm(
    [property: Id(0)] DateOnly From,
    [property: Id(1)] Guid ProductId,
    [property: Id(2)] decimal Price,
    [property: Id(3)] decimal DiscountAmount);

/// <summary>
/// What a create supplies, or what an update changes: on create, absent fields take defaults (the product's price,
/// currency and billing period; today; a generated number); on update, absent fields keep their value.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SubscriptionDetails(
    [property: Id(0)] string? SubscriptionNumber,
    [property: Id(1)] Guid? CustomerId,
    [property: Id(2)] Guid? ProductId,
    [property: Id(3)] Guid? OrderId,
    [property: Id(4)] DateOnly? StartDate,
    [property: Id(5)] DateOnly? EndDate,
    [property: Id(6)] DateOnly? BillingStart,
    [property: Id(7)] DateOnly? NextBillingDate,
    [property: Id(8)] BillingPeriod? BillingPeriod,
    [property: Id(9)] decimal? Price,
    [property: Id(10)] string? Currency,
    [property: Id(11)] decimal? DiscountAmount,
    [property: Id(12)] string? Configuration,
    [property: Id(13)] bool? AutoRenew,
    [property: Id(14)] bool? RenewalNoticeSent)
{
    /// <summary>Each field of this one, or the other's where this one has none.</summary>
    public SubscriptionDetails Over(SubscriptionDetails under) => new(
        SubscriptionNumber ?? under.SubscriptionNumber, CustomerId ?? under.CustomerId, ProductId ?? under.ProductId,
        OrderId ?? under.OrderId, StartDate ?? under.StartDate, EndDate ?? under.EndDate,
        BillingStart ?? under.BillingStart, NextBillingDate ?? under.NextBillingDate,
        BillingPeriod ?? under.BillingPeriod, Price ?? under.Price, Currency ?? under.Currency,
        DiscountAmount ?? under.DiscountAmount, Configuration ?? under.Configuration, AutoRenew ?? under.AutoRenew,
        RenewalNoticeSent ?? under.RenewalNoticeSent);
}

/// <summary>
/// An upgrade or downgrade: the product to move to (required), its price (default: the product's) and discount
/// (default 0), from which day (default today).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PlanChange(
    [property: Id(0)] Guid? ProductId,
    [property: Id(1)] decimal? Price,
    [property: Id(2)] decimal? DiscountAmount,
    [property: Id(3)] DateOnly? EffectiveDate);

/// <summary>
/// What a new subscription needs to know about the customer and product it names, as their grains answered
/// (null: there is no such customer or product).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SubscriptionParties(
    [property: Id(0)] Customers.CustomerStatus? Customer,
    [property: Id(1)] ProductOffer? Product);
