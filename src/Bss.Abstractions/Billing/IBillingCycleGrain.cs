using Bss.Abstractions.Common;
using Bss.Domain.Billing;
using Bss.Domain.Common;

namespace Bss.Abstractions.Billing;

/// <summary>
/// A billing cycle (key: its id): bills every account due on its date. The accounts are split into shard grains
/// that bill them in parallel across the cluster; the cycle only keeps their list and their final counts.
/// </summary>
public interface IBillingCycleGrain : IGrainWithGuidKey
{
    Task<Result<BillingCycleView>> CreateAsync(DateOnly cycleDate, string? actor);

    /// <summary>The cycle with live counts from its shards; null when there is no such cycle.</summary>
    Task<BillingCycleView?> GetAsync();

    /// <summary>Starts billing (PENDING → GENERATED), resumes a running cycle, or retries a FAILED one's failures.
    /// Any number of concurrent calls start it once.</summary>
    Task<Result<BillingCycleView>> ProcessAsync();

    /// <summary>
    /// A shard reports that it has tried all its accounts. One-way, so a shard never waits on a cycle that may be
    /// waiting on it; a lost report is collected by the cycle's watch reminder.
    /// </summary>
    [Orleans.Concurrency.OneWay]
    Task ShardFinishedAsync(int shard, ShardProgress progress);
}

/// <summary>A slice of a cycle's accounts, billed by one grain (key: <see cref="BillingCycle.ShardId"/>).</summary>
public interface IBillingCycleShardGrain : IGrainWithGuidKey
{
    /// <summary>Stores the slice (first call only) and starts or resumes billing it; retries accounts that failed.</summary>
    Task StartAsync(ShardAssignment assignment);

    [Orleans.Concurrency.AlwaysInterleave]
    Task<ShardProgress?> GetProgressAsync();
}

[GenerateSerializer, Immutable]
public sealed record ShardAssignment(
    [property: Id(0)] Guid CycleId,
    [property: Id(1)] int Shard,
    [property: Id(2)] DateOnly CycleDate,
    [property: Id(3)] IReadOnlyList<Guid> Accounts);

[GenerateSerializer, Immutable]
public sealed record BillingCycleView(
    [property: Id(0)] BillingCycleState State,
    [property: Id(1)] int Processed,
    [property: Id(2)] int Failed,
    [property: Id(3)] int Invoices,
    [property: Id(4)] IReadOnlyList<AccountFailure> Failures)
{
    public int Pending => Math.Max(0, State.TotalAccounts - Processed - Failed);

    /// <summary>The cycle with the counts its finished shards reported (what a list shows).</summary>
    public static BillingCycleView From(BillingCycleState s) => Of(s, s.Finished.Values);

    public static BillingCycleView Of(BillingCycleState s, IEnumerable<ShardProgress> shards)
    {
        var all = shards.ToList();
        return new BillingCycleView(s, all.Sum(p => p.Processed), all.Sum(p => p.Failed), all.Sum(p => p.Invoices),
            all.SelectMany(p => p.Failures).Take(50).ToList());
    }
}
