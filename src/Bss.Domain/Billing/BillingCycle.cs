using Bss.Domain.Common;

namespace Bss.Domain.Billing;

/// <summary>
/// PENDING: created, nothing billed yet. GENERATED: the due accounts are fixed and split into shards that bill them
/// across the cluster. PROCESSED: every account billed. FAILED: every account tried, some refused; processing
/// again retries those.
/// </summary>
public enum BillingCycleStatus
{
    Pending,
    Generated,
    Processed,
    Failed,
}

/// <summary>A billing cycle: one cycle date, the accounts due on it, and how far billing them has come.</summary>
[GenerateSerializer]
public sealed class BillingCycleState : EntityState
{
    [Id(0)] public DateOnly CycleDate { get; set; }
    [Id(1)] public BillingCycleStatus Status { get; set; }
    [Id(2)] public IReadOnlyList<Guid> Shards { get; set; } = [];
    [Id(3)] public int TotalAccounts { get; set; }

    /// <summary>Progress as the shards last reported it when they finished (live progress is asked from them).</summary>
    [Id(4)] public IReadOnlyDictionary<int, ShardProgress> Finished { get; set; } = new Dictionary<int, ShardProgress>();

    [Id(5)] public DateTimeOffset? StartedAt { get; set; }
    [Id(6)] public DateTimeOffset? CompletedAt { get; set; }
    [Id(7)] public int Runs { get; set; }
    [Id(8)] public string? CreatedBy { get; set; }
}

/// <summary>How far one shard (a slice of a cycle's accounts) has come.</summary>
[GenerateSerializer, Immutable]
public sealed record ShardProgress(
    [property: Id(0)] int Total,
    [property: Id(1)] int Processed,
    [property: Id(2)] int Failed,
    [property: Id(3)] int Invoices,
    [property: Id(4)] IReadOnlyList<AccountFailure> Failures)
{
    public bool IsFinished => Processed + Failed >= Total;
}

[GenerateSerializer, Immutable]
public sealed record AccountFailure(
    [property: Id(0)] Guid CustomerId,
    [property: Id(1)] string Reason);

/// <summary>The billing cycle's rules.</summary>
public static class BillingCycle
{
    public const string Name = "Billing cycle";

    public static readonly StatusMachine<BillingCycleStatus> Statuses = new(Name, new Dictionary<BillingCycleStatus, BillingCycleStatus[]>
    {
        [BillingCycleStatus.Pending] = [BillingCycleStatus.Generated],
        [BillingCycleStatus.Generated] = [BillingCycleStatus.Processed, BillingCycleStatus.Failed],
        [BillingCycleStatus.Failed] = [BillingCycleStatus.Generated],
        [BillingCycleStatus.Processed] = [],
    });

    public static Result<BillingCycleState> Create(BillingCycleState current, Guid id, DateOnly cycleDate, string? actor, DateTimeOffset now)
    {
        if (Entity.MustBeNew(current, Name, id) is { } exists)
        {
            return exists;
        }

        var cycle = current.FirstVersion<BillingCycleState>(id, now);
        cycle.CycleDate = cycleDate;
        cycle.Status = BillingCycleStatus.Pending;
        cycle.CreatedBy = TextRules.Normalize(actor);
        return Result<BillingCycleState>.Ok(cycle);
    }

    /// <summary>Fixes the accounts due (split into shards) and starts billing them.</summary>
    public static Result<BillingCycleState> Generate(BillingCycleState current, IReadOnlyList<Guid> shards, int totalAccounts, DateTimeOffset now)
    {
        if ((Entity.Guard(current, Name, null) ?? Statuses.Check(current.Status, BillingCycleStatus.Generated)) is { } error)
        {
            return error;
        }

        var next = current.NextVersion<BillingCycleState>(now);
        next.Status = BillingCycleStatus.Generated;
        next.Runs = current.Runs + 1;
        next.StartedAt ??= now;
        next.CompletedAt = null;
        if (current.Status == BillingCycleStatus.Pending)
        {
            next.Shards = shards;
            next.TotalAccounts = totalAccounts;
            if (shards.Count == 0)
            {
                // No account is due on this date: nothing to wait for.
                next.Status = BillingCycleStatus.Processed;
                next.CompletedAt = now;
            }
        }
        else
        {
            // A retry of a FAILED cycle: the shards retry their failed accounts and report again.
            next.Finished = current.Finished.Where(f => f.Value.Failed == 0).ToDictionary(f => f.Key, f => f.Value);
        }

        return Result<BillingCycleState>.Ok(next);
    }

    /// <summary>Records a shard's final progress; when all have finished, the cycle is PROCESSED or FAILED.</summary>
    public static BillingCycleState ShardFinished(BillingCycleState current, int shard, ShardProgress progress, DateTimeOffset now)
    {
        if (current.Status != BillingCycleStatus.Generated || current.Finished.GetValueOrDefault(shard) == progress)
        {
            return current;
        }

        var next = current.NextVersion<BillingCycleState>(now);
        next.Finished = new Dictionary<int, ShardProgress>(current.Finished) { [shard] = progress };
        if (next.Finished.Count == current.Shards.Count)
        {
            next.Status = next.Finished.Values.Any(p => p.Failed > 0) ? BillingCycleStatus.Failed : BillingCycleStatus.Processed;
            next.CompletedAt = now;
        }

        return next;
    }

    /// <summary>The shard ids of a cycle: the same on every run, so a resumed cycle finds its shards.</summary>
    public static Guid ShardId(Guid cycleId, int shard) => NameUuid.From($"billing-cycle/{cycleId:N}/shard/{shard}");
}
