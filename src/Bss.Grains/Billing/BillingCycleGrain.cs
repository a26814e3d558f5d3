using Bss.Abstractions.Billing;
using Bss.Abstractions.Common;
using Bss.Domain.Billing;
using Bss.Domain.Common;
using Bss.Grains.Common;
using Microsoft.Extensions.Options;

namespace Bss.Grains.Billing;

/// <summary>
/// A billing cycle. Processing fixes the accounts due on the cycle date (from the read table), splits them into
/// shards and hands each to its shard grain; the shards bill across the cluster and report when done. A reminder
/// keeps asking the shards while the cycle runs, which re-activates (and so resumes) any shard a crash stopped.
/// </summary>
[GrainType("billing-cycle")]
public sealed class BillingCycleGrain(
    [PersistentState("billing-cycle", GrainStorage.Name)] IPersistentState<BillingCycleState> state,
    IBillingDirectory directory,
    IOptions<BillingOptions> options,
    BssMetrics metrics,
    TimeProvider time) : Grain, IBillingCycleGrain, IRemindable
{
    internal const string WatchReminder = "billing-cycle-watch";

    /// <summary>The last counts each running shard gave (in memory only: a new activation starts without them).</summary>
    private readonly Dictionary<int, ShardProgress> _lastProgress = [];

    private Guid Id => this.GetPrimaryKey();

    public async Task<Result<BillingCycleView>> CreateAsync(DateOnly cycleDate, string? actor) =>
        (await state.CommitAsync(current => BillingCycle.Create(current, Id, cycleDate, actor, time.GetUtcNow()))).Map(BillingCycleView.From);

    public async Task<BillingCycleView?> GetAsync()
    {
        if (!state.State.Exists)
        {
            return null;
        }

        if (state.State.Status != BillingCycleStatus.Generated)
        {
            return BillingCycleView.From(state.State);
        }

        var progress = await ShardProgressAsync();
        return BillingCycleView.Of(state.State, progress.Where(p => p is not null).Select(p => p!));
    }

    public async Task<Result<BillingCycleView>> ProcessAsync()
    {
        var cycle = state.State;
        if (!cycle.Exists)
        {
            return DomainError.NotFound($"{BillingCycle.Name} {Id}");
        }

        if (cycle.Status is BillingCycleStatus.Pending or BillingCycleStatus.Failed)
        {
            var shards = new List<Guid>();
            var accounts = 0;
            List<List<Guid>> slices = [];
            if (cycle.Status == BillingCycleStatus.Pending)
            {
                var due = await directory.DueAccountsAsync(cycle.CycleDate);
                accounts = due.Count;
                slices = due.Chunk(Math.Max(1, options.Value.AccountsPerShard)).Select(c => c.ToList()).ToList();
                shards = slices.Select((_, i) => BillingCycle.ShardId(Id, i)).ToList();
            }

            // Each shard stores its slice before the cycle records it: a shard the cycle lists always has its
            // accounts. A crash before the write below re-queries and hands out again; shards merge what they get.
            await Task.WhenAll(slices.Select((slice, i) =>
                GrainFactory.GetGrain<IBillingCycleShardGrain>(shards[i]).StartAsync(new ShardAssignment(Id, i, cycle.CycleDate, slice))));
            var generated = await state.CommitAsync(current => BillingCycle.Generate(current, shards, accounts, time.GetUtcNow()));
            if (!generated.IsSuccess)
            {
                return generated.Error;
            }

            // No account was due: the cycle is finished already, and no shard will report it.
            if (shards.Count == 0 && state.State is { Status: BillingCycleStatus.Processed, StartedAt: { } started, CompletedAt: { } completed })
            {
                metrics.CycleFinished(false, completed - started);
            }
        }

        if (state.State.Status == BillingCycleStatus.Generated)
        {
            await this.RegisterOrUpdateReminder(WatchReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            await StartShardsAsync();
        }

        return Result<BillingCycleView>.Ok((await GetAsync())!);
    }

    public async Task ShardFinishedAsync(int shard, ShardProgress progress)
    {
        var wasRunning = state.State.Status == BillingCycleStatus.Generated;
        await state.CommitAsync(current => Result<BillingCycleState>.Ok(BillingCycle.ShardFinished(current, shard, progress, time.GetUtcNow())));
        if (wasRunning && state.State is { Status: not BillingCycleStatus.Generated, StartedAt: { } started, CompletedAt: { } completed })
        {
            metrics.CycleFinished(state.State.Status == BillingCycleStatus.Failed, completed - started);
        }

        if (state.State.Status != BillingCycleStatus.Generated && await this.GetReminder(WatchReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != WatchReminder)
        {
            return;
        }

        if (state.State.Status == BillingCycleStatus.Generated)
        {
            // Asking re-activates a shard lost with its silo; a finished shard's report that was lost is taken here.
            var progress = await ShardProgressAsync();
            for (var i = 0; i < progress.Length; i++)
            {
                if (progress[i] is { IsFinished: true } finished)
                {
                    await ShardFinishedAsync(i, finished);
                }
            }
        }
        else if (await this.GetReminder(WatchReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>Makes every shard that has not finished run (a shard that runs already just answers).</summary>
    private async Task StartShardsAsync()
    {
        var cycle = state.State;
        await Task.WhenAll(cycle.Shards.Select((id, i) => cycle.Finished.ContainsKey(i)
            ? Task.CompletedTask
            : GrainFactory.GetGrain<IBillingCycleShardGrain>(id).StartAsync(new ShardAssignment(Id, i, cycle.CycleDate, []))));
    }

    /// <summary>
    /// Each shard's counts: a finished shard's from the cycle's state, a running shard's asked live. A shard that does
    /// not answer within <see cref="BillingOptions.ProgressWait"/> (its silo died and it is being activated again, or
    /// its silo is overloaded) counts with the last figures it gave, so reading a cycle stays quick while it recovers.
    /// </summary>
    private async Task<ShardProgress?[]> ShardProgressAsync()
    {
        var cycle = state.State;
        var wait = options.Value.ProgressWait;
        var asked = cycle.Shards.Select((id, i) => cycle.Finished.TryGetValue(i, out var finished)
            ? Task.FromResult<ShardProgress?>(finished)
            : AskAsync(i, GrainFactory.GetGrain<IBillingCycleShardGrain>(id)));
        return await Task.WhenAll(asked);

        async Task<ShardProgress?> AskAsync(int shard, IBillingCycleShardGrain grain)
        {
            try
            {
                var progress = await grain.GetProgressAsync().WaitAsync(wait, time);
                if (progress is not null)
                {
                    _lastProgress[shard] = progress;
                }

                return progress;
            }
            catch (Exception e) when (e is TimeoutException || SiloFailures.IsSiloFailure(e))
            {
                return _lastProgress.GetValueOrDefault(shard);
            }
        }
    }
}
