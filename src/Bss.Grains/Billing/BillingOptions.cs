namespace Bss.Grains.Billing;

/// <summary>Billing settings of the deployment (configuration section <c>Bss:Billing</c>).</summary>
public sealed class BillingOptions
{
    public const string Section = "Bss:Billing";

    /// <summary>Days an invoice may be overdue before the customer's subscriptions are suspended.</summary>
    public int DunningGraceDays { get; set; } = Domain.Billing.Dunning.DefaultGraceDays;

    /// <summary>Accounts one cycle shard bills at once. Each waits mostly on writes (its account's, its number's, its
    /// invoice's), so a silo keeps shards × this many in flight to keep the database's connections busy.</summary>
    public int ShardParallelism { get; set; } = 16;

    /// <summary>Accounts a cycle shard bills between two writes of its progress (at least <see cref="ShardParallelism"/>):
    /// a crash repeats at most this many, each of them idempotently.</summary>
    public int ShardBatch { get; set; } = 64;

    /// <summary>Accounts per cycle shard: a cycle of N accounts is N / this many shard grains across the cluster.</summary>
    public int AccountsPerShard { get; set; } = 250;

    /// <summary>How long a cycle shard waits for one account's run before it leaves it for a later batch.</summary>
    public TimeSpan AccountTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long reading a running cycle waits for a shard's live counts before it answers with the last ones
    /// that shard gave: a shard whose silo died is activated again on another, and the read need not wait for that.</summary>
    public TimeSpan ProgressWait { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// What billing reads from the query side: the accounts due on a cycle date, and a customer's subscriptions known
/// to the read table (for subscriptions stored before their account tracked them).
/// </summary>
public interface IBillingDirectory
{
    Task<IReadOnlyList<Guid>> DueAccountsAsync(DateOnly cycleDate);

    Task<IReadOnlyList<Guid>> SubscriptionIdsAsync(Guid customerId);
}
