using Bss.Abstractions.Billing;
using Bss.Abstractions.Common;
using Bss.Domain.Billing;
using Bss.Grains.Audit;
using Bss.Grains.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bss.Grains.Billing;

/// <summary>
/// Bills one slice of a cycle's accounts, a few at a time, persisting progress once per batch (not per account). A timer drives the
/// batches while the activation lives; a reminder re-activates the shard (and so resumes it) after a crash. Accounts
/// bill idempotently, so an account billed just before a crash and billed again on resume is billed once. Shards
/// are placed at random, so a cycle's work spreads over the silos rather than staying where it was started.
/// </summary>
[GrainType("billing-cycle-shard")]
[Orleans.Placement.RandomPlacement]
public sealed partial class BillingCycleShardGrain(
    [PersistentState("billing-cycle-shard", GrainStorage.Name)] IPersistentState<ShardState> state,
    IOptions<BillingOptions> options,
    BssMetrics metrics,
    TimeProvider time,
    ILogger<BillingCycleShardGrain> logger) : Grain, IBillingCycleShardGrain, IRemindable
{
    internal const string ResumeReminder = "billing-shard-resume";

    private IGrainTimer? _timer;

    /// <summary>
    /// A shard activated again after a crash resumes at once. Its reminder is in the reminder table since it first
    /// started and stays there until it finishes, so the activation does not register it again: right after a silo
    /// joins or dies, the reminder service that owns the shard may take seconds to load its range, and a registration
    /// waits for that — holding up the activation, and with it every call to the shard (the cycle's read among them).
    /// </summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.CycleId != Guid.Empty && !Progress().IsFinished)
        {
            StartTimer();
        }

        return Task.CompletedTask;
    }

    public async Task StartAsync(ShardAssignment assignment)
    {
        if (BillingShard.Assign(state.State, assignment.CycleId, assignment.Shard, assignment.CycleDate, assignment.Accounts) is { } assigned)
        {
            state.State = assigned;
            await state.WriteStateAsync();
        }

        await RunAsync();
    }

    public Task<ShardProgress?> GetProgressAsync() => Task.FromResult(state.State.CycleId == Guid.Empty ? null : Progress());

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == ResumeReminder)
        {
            await RunAsync();
        }
    }

    private async Task RunAsync()
    {
        if (Progress().IsFinished)
        {
            await FinishAsync();
            return;
        }

        if (_timer is null)
        {
            await this.RegisterOrUpdateReminder(ResumeReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            StartTimer();
        }
    }

    private void StartTimer() =>
        _timer ??= this.RegisterGrainTimer(BatchAsync, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.Zero,
            // Counted from the end of the previous batch: the pause between two batches.
            Period = TimeSpan.FromMilliseconds(5),
            KeepAlive = true,
        });

    /// <summary>
    /// Bills the next batch of accounts, <see cref="BillingOptions.ShardParallelism"/> at a time — as one finishes the
    /// next starts, so a slow account does not hold the others' slots — and stores what happened to each in one write.
    /// </summary>
    private async Task BatchAsync(CancellationToken cancellationToken)
    {
        // A cycle's accounts are billed by the billing process, whoever asked for the cycle to be processed (that
        // request's own changes, to the cycle, are theirs). A timer tick carries no caller's context anyway.
        Actor.Set(SystemProcesses.Billing);
        var parallelism = Math.Max(1, options.Value.ShardParallelism);
        var batch = BillingShard.NextBatch(state.State, Math.Max(parallelism, options.Value.ShardBatch));
        if (batch.Count == 0)
        {
            await FinishAsync();
            return;
        }

        var outcomes = await BillAllAsync(batch, parallelism);
        state.State = BillingShard.Record(state.State, outcomes);
        await state.WriteStateAsync(CancellationToken.None);
        foreach (var outcome in outcomes)
        {
            if (outcome.Error is null || state.State.Failed.ContainsKey(outcome.Account))
            {
                metrics.CycleAccountProcessed(outcome.Error is null);
            }
        }

        if (Progress().IsFinished)
        {
            await FinishAsync();
        }
    }

    /// <summary>Bills <paramref name="accounts"/> with at most <paramref name="parallelism"/> in flight. The grain's
    /// turns run one at a time, so the shared cursor needs no lock.</summary>
    private async Task<List<ShardOutcome>> BillAllAsync(List<Guid> accounts, int parallelism)
    {
        var outcomes = new List<ShardOutcome>(accounts.Count);
        var next = 0;
        async Task Lane()
        {
            while (next < accounts.Count)
            {
                outcomes.Add(await BillAsync(accounts[next++]));
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Min(parallelism, accounts.Count)).Select(_ => Lane()));
        return outcomes;
    }

    private async Task<ShardOutcome> BillAsync(Guid account)
    {
        try
        {
            // Bounded: right after a silo dies or joins, a call can wait for Orleans' 30 s response timeout (a grain
            // directory lookup that goes unanswered); the account is then tried again in a later batch instead of
            // holding up this batch's progress. A run that went on regardless bills once: billing an account is idempotent.
            var result = await GrainFactory.GetGrain<IBillingAccountGrain>(account).BillAsync(state.State.CycleDate)
                .WaitAsync(options.Value.AccountTimeout, time);
            return result.IsSuccess ? new(account, result.Value.InvoicesOfDate, null, false) : new(account, 0, result.Error.Message, false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogAccountDeferred(logger, e, account, state.State.CycleId);
            return new(account, 0, e.Message, true);
        }
    }

    private async Task FinishAsync()
    {
        _timer?.Dispose();
        _timer = null;
        await GrainFactory.GetGrain<IBillingCycleGrain>(state.State.CycleId).ShardFinishedAsync(state.State.Shard, Progress());
        if (await this.GetReminder(ResumeReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private ShardProgress Progress() => BillingShard.Progress(state.State);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Billing account {CustomerId} of cycle {CycleId} could not be billed yet; will retry")]
    private static partial void LogAccountDeferred(ILogger logger, Exception exception, Guid customerId, Guid cycleId);
}
