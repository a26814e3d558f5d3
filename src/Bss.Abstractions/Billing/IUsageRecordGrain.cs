using Bss.Abstractions.Common;
using Bss.Domain.Billing;
using Bss.Domain.Common;

namespace Bss.Abstractions.Billing;

/// <summary>One usage record (key: its id, which the client chooses so a retry is recorded once).</summary>
public interface IUsageRecordGrain : IGrainWithGuidKey
{
    [Orleans.Concurrency.ReadOnly]
    Task<UsageRecordState?> GetAsync();

    /// <summary>Stores the record; the same record again answers it, other content under its id is a conflict.
    /// Called by the customer's billing account, which counts it first.</summary>
    Task<Result<UsageRecordState>> StoreAsync(UsageRecordDetails record);
}

public interface IUsageRecordQueryGrain : IGrainWithIntegerKey
{
    Task<Page<UsageRecordState>> SearchAsync(UsageRecordSearch search, CancellationToken cancellationToken = default);
}

[GenerateSerializer, Immutable]
public sealed record UsageRecordSearch(
    [property: Id(0)] PageRequest Page,
    [property: Id(1)] Guid? CustomerId,
    [property: Id(2)] Guid? SubscriptionId,
    [property: Id(3)] UsageType? UsageType,
    [property: Id(4)] DateOnly? From,
    [property: Id(5)] DateOnly? To);

public static class UsageRecordSortFields
{
    public static readonly IReadOnlyList<string> All = ["createdAt", "updatedAt", "usageDate", "quantity"];
}
