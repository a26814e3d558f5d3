using Bss.Abstractions.Billing;
using Bss.Abstractions.Common;
using Bss.Domain.Billing;
using Bss.Grains.Audit;
using Bss.Grains.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bss.Grains.Billing;

/// <summary>
/// Bills one slice of a cycle's accounts, a few at a time, persisting progress after each batch. A timer drives the
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
    ILogger<BillingCycleShardGrain> logger) : Grain, IBillingCycleShardGrain, IRemindable
{
    internal const string ResumeReminder = "billing-shard-resume";
    private const int MaxAttempts = 5;

    private IGrainTimer? _timer;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.CycleId != Guid.Empty && !Progress().IsFinished)
        {
            await RunAsync();
        }
    }

    public async Task StartAsync(ShardAssignment assignment)
    {
        var s = state.State;
        var known = s.Accounts.ToHashSet();
        var added = assignment.Accounts.Where(known.Add).ToList();
        var retry = s.Failed.Count > 0;
        if (s.CycleId == Guid.Empty || added.Count > 0 || retry)
        {
            s.CycleId = assignment.CycleId;
            s.Shard = assignment.Shard;
            s.CycleDate = assignment.CycleDate;
            s.Accounts = s.Accounts.Concat(added).ToList();
            s.Failed = [];
            s.Attempts = [];
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
            _timer = this.RegisterGrainTimer(BatchAsync, new GrainTimerCreationOptions
            {
                DueTime = TimeSpan.Zero,
                Period = TimeSpan.FromMilliseconds(50),
                KeepAlive = true,
            });
        }
    }

    /// <summary>Bills the next few accounts in parallel and stores what happened to each.</summary>
    private async Task BatchAsync(CancellationToken cancellationToken)
    {
        // A cycle's accounts are billed by the billing process, whoever asked for the cycle to be processed (that
        // request's own changes, to the cycle, are theirs). A timer tick carries no caller's context anyway.
        Actor.Set(SystemProcesses.Billing);
        var s = state.State;
        var parallelism = Math.Max(1, options.Value.ShardParallelism);
        var batch = s.Accounts.Where(a => !s.Done.Contains(a) && !s.Failed.ContainsKey(a)).Take(parallelism * 2).ToList();
        if (batch.Count == 0)
        {
            await FinishAsync();
            return;
        }

        var outcomes = await Task.WhenAll(batch.Select(BillAsync));
        var done = new HashSet<Guid>(s.Done);
        var failed = new Dictionary<Guid, string>(s.Failed);
        var attempts = new Dictionary<Guid, int>(s.Attempts);
        var invoices = s.Invoices;
        foreach (var (account, invoiceCount, error, transient) in outcomes)
        {
            if (error is null)
            {
                done.Add(account);
                invoices += invoiceCount;
                metrics.CycleAccountProcessed(true);
            }
            else if (!transient || (attempts[account] = attempts.GetValueOrDefault(account) + 1) >= MaxAttempts)
            {
                failed[account] = error;
                metrics.CycleAccountProcessed(false);
            }
        }

        s.Done = done;
        s.Failed = failed;
        s.Attempts = attempts;
        s.Invoices = invoices;
        await state.WriteStateAsync(CancellationToken.None);
        if (Progress().IsFinished)
        {
            await FinishAsync();
        }
    }

    private async Task<(Guid Account, int Invoices, string? Error, bool Transient)> BillAsync(Guid account)
    {
        try
        {
            var result = await GrainFactory.GetGrain<IBillingAccountGrain>(account).BillAsync(state.State.CycleDate);
            return result.IsSuccess ? (account, result.Value.InvoicesOfDate, null, false) : (account, 0, result.Error.Message, false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogAccountDeferred(logger, e, account, state.State.CycleId);
            return (account, 0, e.Message, true);
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

    private ShardProgress Progress()
    {
        var s = state.State;
        return new ShardProgress(s.Accounts.Count, s.Done.Count, s.Failed.Count, s.Invoices,
            s.Failed.Take(20).Select(f => new AccountFailure(f.Key, f.Value)).ToList());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Billing account {CustomerId} of cycle {CycleId} could not be billed yet; will retry")]
    private static partial void LogAccountDeferred(ILogger logger, Exception exception, Guid customerId, Guid cycleId);
}

/// <summary>A shard's slice of accounts and what happened to each. Collections are replaced, never mutated.</summary>
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
