using Bss.Abstractions.Common;
using Bss.Domain.Subscriptions;

namespace Bss.Abstractions.Subscriptions;

/// <summary>Lists and searches subscriptions from the query side (the documents read table).</summary>
public interface ISubscriptionQueryGrain : IGrainWithIntegerKey
{
    Task<Page<SubscriptionView>> SearchAsync(SubscriptionSearch search, CancellationToken cancellationToken = default);

    /// <summary>Subscriptions per status code (statuses with none are absent).</summary>
    Task<Dictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken = default);
}

[GenerateSerializer, Immutable]
public sealed record SubscriptionSearch(
    [property: Id(0)] PageRequest Page,
    [property: Id(1)] SubscriptionStatus? Status,
    [property: Id(2)] Guid? CustomerId,
    [property: Id(3)] Guid? ProductId,
    [property: Id(4)] string? SearchTerm);

public static class SubscriptionSortFields
{
    /// <summary>Fields a list may be sorted by (API names).</summary>
    public static readonly IReadOnlyList<string> All =
        ["createdAt", "updatedAt", "status", "subscriptionNumber", "startDate", "endDate", "nextBillingDate", "price", "netAmount"];
}
