namespace Bss.Domain.Billing;

/// <summary>A shard's slice of a cycle's accounts and what happened to each. Collections are replaced, never mutated.</summary>
[GenerateSerializer]
public sealed class ShardState
{
    [Id(0)] public Guid CycleId { get; set; }
    [Id(1)] public int Shard { get; set; }
    [Id(2)] public DateOnly CycleDate { get; set; }
    [Id(3)] public IReadOnlyList<Guid> Accounts { get; set; } = [];
    [Id(4)] public HashSet<Guid> Done { get; set; } = [];
    [Id(5)] public Dictionary<Guid, string> Failed { get; set; } = [];
    [Id(6)] public Dictionary<Guid, int> Attempts { get; set; } = [];
    [Id(7)] public int Invoices { get; set; }
}

/// <summary>What billing one account of a shard came to: its invoices of the cycle date, or why it was not billed
/// (<paramref name="Transient"/>: an exception, worth retrying; otherwise a refusal, final).</summary>
public sealed record ShardOutcome(Guid Account, int Invoices, string? Error, bool Transient);

/// <summary>
/// The rules of a cycle shard: which accounts it takes, which it bills next, and how a batch's outcomes are recorded.
/// A shard writes its state once per batch, so a crash repeats at most one batch, whose accounts bill idempotently.
/// </summary>
public static class BillingShard
{
    /// <summary>Exceptions an account may have before it counts as failed (a refusal fails it at once).</summary>
    public const int MaxAttempts = 5;

    /// <summary>
    /// Takes an assignment: the accounts not known yet are added (a cycle that crashed before recording its shards
    /// hands the same slice out again), and a retry clears the failures. Null: nothing to change (no write).
    /// </summary>
    public static ShardState? Assign(ShardState current, Guid cycleId, int shard, DateOnly cycleDate, IEnumerable<Guid> accounts)
    {
        var known = current.Accounts.ToHashSet();
        var added = accounts.Where(known.Add).ToList();
        if (current.CycleId != Guid.Empty && added.Count == 0 && current.Failed.Count == 0)
        {
            return null;
        }

        return new ShardState
        {
            CycleId = cycleId,
            Shard = shard,
            CycleDate = cycleDate,
            Accounts = [.. current.Accounts, .. added],
            Done = current.Done,
            Failed = [],
            Attempts = [],
            Invoices = current.Invoices,
        };
    }

    /// <summary>The next accounts to bill, in slice order: neither done nor failed; at most <paramref name="size"/>.</summary>
    public static List<Guid> NextBatch(ShardState current, int size) =>
        current.Accounts.Where(a => !current.Done.Contains(a) && !current.Failed.ContainsKey(a)).Take(Math.Max(1, size)).ToList();

    /// <summary>
    /// A batch's outcomes recorded: billed accounts are done (their invoices counted), refused ones failed, and one
    /// that threw is retried in a later batch until it has thrown <see cref="MaxAttempts"/> times.
    /// </summary>
    public static ShardState Record(ShardState current, IEnumerable<ShardOutcome> outcomes)
    {
        var done = new HashSet<Guid>(current.Done);
        var failed = new Dictionary<Guid, string>(current.Failed);
        var attempts = new Dictionary<Guid, int>(current.Attempts);
        var invoices = current.Invoices;
        foreach (var (account, invoiceCount, error, transient) in outcomes)
        {
            if (error is null)
            {
                if (done.Add(account))
                {
                    invoices += invoiceCount;
                }

                attempts.Remove(account);
            }
            else if (!transient || (attempts[account] = attempts.GetValueOrDefault(account) + 1) >= MaxAttempts)
            {
                failed[account] = error;
            }
        }

        return new ShardState
        {
            CycleId = current.CycleId,
            Shard = current.Shard,
            CycleDate = current.CycleDate,
            Accounts = current.Accounts,
            Done = done,
            Failed = failed,
            Attempts = attempts,
            Invoices = invoices,
        };
    }

    /// <summary>The shard's progress as the cycle sees it (the first 20 failures named).</summary>
    public static ShardProgress Progress(ShardState current) =>
        new(current.Accounts.Count, current.Done.Count, current.Failed.Count, current.Invoices,
            current.Failed.Take(20).Select(f => new AccountFailure(f.Key, f.Value)).ToList());
}
