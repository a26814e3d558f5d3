using System.Text.Json;
using System.Text.Json.Nodes;
using Bss.Abstractions.Subscriptions;
using Bss.Api.Products;
using Bss.Domain.Common;
using Bss.Domain.Products;
using Bss.Domain.Subscriptions;

namespace Bss.Api.Subscriptions;

/// <summary>
/// POST and PUT /{id} body. On POST absent fields take defaults (the product's terms, today, a generated number);
/// on PUT absent fields keep their value and subscriptionNumber, customerId, productId and orderId cannot change.
/// </summary>
public sealed record SubscriptionRequest(
    string? Id,
    string? SubscriptionNumber,
    string? CustomerId,
    string? ProductId,
    string? OrderId,
    DateOnly? StartDate,
    DateOnly? EndDate,
    DateOnly? BillingStart,
    DateOnly? NextBillingDate,
    string? BillingPeriod,
    decimal? Price,
    string? Currency,
    decimal? DiscountAmount,
    JsonElement? Configuration,
    bool? AutoRenew,
    bool? RenewalNoticeSent,
    int? Version)
{
    public SubscriptionDetails ToDetails(FieldErrors errors) => new(
        SubscriptionNumber,
        IdOf(CustomerId, "customerId", errors),
        IdOf(ProductId, "productId", errors),
        IdOf(OrderId, "orderId", errors),
        StartDate, EndDate, BillingStart, NextBillingDate,
        ProductFields.Code<BillingPeriod>(BillingPeriod, "billingPeriod", errors),
        Price, Currency, DiscountAmount,
        ConfigurationText(errors),
        AutoRenew, RenewalNoticeSent);

    private string? ConfigurationText(FieldErrors errors)
    {
        if (Configuration is not { ValueKind: not JsonValueKind.Null } configuration)
        {
            return null;
        }

        if (configuration.ValueKind != JsonValueKind.Object)
        {
            errors.Add("configuration", "must be a JSON object");
            return null;
        }

        return JsonSerializer.Serialize(configuration);
    }

    internal static Guid? IdOf(string? raw, string field, FieldErrors errors)
    {
        if (TextRules.Normalize(raw) is not { } text)
        {
            return null;
        }

        if (Guid.TryParse(text, out var id))
        {
            return id;
        }

        errors.Add(field, "must be a UUID");
        return null;
    }
}

/// <summary>PUT /{id}/status body.</summary>
public sealed record ChangeSubscriptionStatusRequest(string? Id, string? Status, int? Version);

/// <summary>PUT /{id}/renew body (optional).</summary>
public sealed record RenewSubscriptionRequest(string? Id, int? Version);

/// <summary>
/// (extra) POST /{id}/change-plan body: the product to move to (required); price (default: the product's), discount
/// (default 0) and effective date (default today) are optional; the version optional (or If-Match).
/// </summary>
public sealed record ChangePlanRequest(
    string? Id,
    string? ProductId,
    decimal? Price,
    decimal? DiscountAmount,
    DateOnly? EffectiveDate,
    int? Version)
{
    public PlanChange ToChange(FieldErrors errors) =>
        new(SubscriptionRequest.IdOf(ProductId, "productId", errors), Price, DiscountAmount, EffectiveDate);
}

/// <summary>(extra) What the subscription costs from which day: product, price and discount per full billing period.</summary>
public sealed record SubscriptionTermResponse(DateOnly From, Guid ProductId, decimal Price, decimal DiscountAmount);

public sealed record SubscriptionResponse(
    Guid Id,
    string SubscriptionNumber,
    Guid CustomerId,
    Guid ProductId,
    Guid? OrderId,
    string Status,
    string StatusDisplayName,
    DateOnly StartDate,
    DateOnly? EndDate,
    DateOnly? BillingStart,
    DateOnly? NextBillingDate,
    string BillingPeriod,
    string BillingPeriodDisplayName,
    decimal Price,
    string Currency,
    decimal DiscountAmount,
    decimal NetAmount,
    JsonNode? Configuration,
    bool AutoRenew,
    bool RenewalNoticeSent,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version,
    string? SuspensionReason,
    string? SuspensionReasonDisplayName,
    IReadOnlyList<SubscriptionTermResponse> Terms)
{
    public static SubscriptionResponse From(SubscriptionView s) => new(
        s.Id, s.SubscriptionNumber, s.CustomerId, s.ProductId, s.OrderId,
        EnumText.Code(s.Status), EnumText.Display(s.Status),
        s.StartDate, s.EndDate, s.BillingStart, s.NextBillingDate,
        EnumText.Code(s.BillingPeriod), EnumText.Display(s.BillingPeriod),
        s.Price, s.Currency, s.DiscountAmount, s.NetAmount,
        s.Configuration is null ? null : JsonNode.Parse(s.Configuration),
        s.AutoRenew, s.RenewalNoticeSent, s.CreatedAt, s.UpdatedAt, s.Version,
        s.SuspensionReason is { } reason ? EnumText.Code(reason) : null,
        s.SuspensionReason is { } shown ? EnumText.Display(shown) : null,
        [.. s.Terms.Select(t => new SubscriptionTermResponse(t.From, t.ProductId, t.Price, t.DiscountAmount))]);
}
