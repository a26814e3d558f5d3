using Bss.Domain.Billing;

namespace Bss.Domain.Tests.Billing;

/// <summary>A cycle shard's bookkeeping: what it takes, what it bills next, and how a batch is recorded.</summary>
public class BillingShardTests
{
    private static readonly Guid CycleId = Guid.Parse("f0000000-0000-4000-8000-0000000000f1");
    private static readonly DateOnly CycleDate = new(2026, 2, 1);
    private static readonly Guid[] Accounts = [.. Enumerable.Range(1, 5).Select(i => Guid.Parse($"a0000000-0000-4000-8000-00000000000{i}"))];

    [Fact]
    public void Assign_New_TakesTheSlice_Again_ChangesNothing_More_AddsOnlyTheNewAccounts()
    {
        var assigned = BillingShard.Assign(new ShardState(), CycleId, 3, CycleDate, Accounts[..3])!;

        Assert.Equal((CycleId, 3, CycleDate), (assigned.CycleId, assigned.Shard, assigned.CycleDate));
        Assert.Equal(Accounts[..3], assigned.Accounts);
        Assert.Null(BillingShard.Assign(assigned, CycleId, 3, CycleDate, Accounts[..3]));
        Assert.Null(BillingShard.Assign(assigned, CycleId, 3, CycleDate, []));
        Assert.Equal(Accounts, BillingShard.Assign(assigned, CycleId, 3, CycleDate, Accounts[1..])!.Accounts);
    }

    [Fact]
    public void Assign_AfterFailures_ClearsThemForARetry_AndKeepsWhatIsDone()
    {
        var shard = Recorded(new ShardOutcome(Accounts[0], 1, null, false), new ShardOutcome(Accounts[1], 0, "refused", false));

        var retried = BillingShard.Assign(shard, CycleId, 0, CycleDate, [])!;

        Assert.Empty(retried.Failed);
        Assert.Equal([Accounts[0]], retried.Done);
        Assert.Equal([Accounts[1], Accounts[2]], BillingShard.NextBatch(retried, 2));
    }

    [Fact]
    public void NextBatch_SkipsDoneAndFailed_InSliceOrder_AtMostTheSize()
    {
        var shard = Recorded(new ShardOutcome(Accounts[0], 1, null, false), new ShardOutcome(Accounts[2], 0, "refused", false));

        Assert.Equal([Accounts[1], Accounts[3]], BillingShard.NextBatch(shard, 2));
        Assert.Equal([Accounts[1], Accounts[3], Accounts[4]], BillingShard.NextBatch(shard, 64));
    }

    [Fact]
    public void Record_BilledRefusedAndThrown_DoneFailedAndRetried()
    {
        var shard = Recorded(
            new ShardOutcome(Accounts[0], 2, null, false),
            new ShardOutcome(Accounts[1], 0, "currency differs", false),
            new ShardOutcome(Accounts[2], 0, "timeout", true));

        Assert.Equal([Accounts[0]], shard.Done);
        Assert.Equal("currency differs", Assert.Single(shard.Failed).Value);
        Assert.Equal(1, shard.Attempts[Accounts[2]]);
        Assert.Equal(2, shard.Invoices);
        var progress = BillingShard.Progress(shard);
        Assert.Equal((5, 1, 1, 2), (progress.Total, progress.Processed, progress.Failed, progress.Invoices));
        Assert.Equal(new AccountFailure(Accounts[1], "currency differs"), Assert.Single(progress.Failures));
        Assert.False(progress.IsFinished);
    }

    [Fact]
    public void Record_AnAccountThatKeepsThrowing_FailsAfterMaxAttempts_OneThatRecovers_IsDone()
    {
        var shard = Recorded();
        for (var attempt = 1; attempt < BillingShard.MaxAttempts; attempt++)
        {
            shard = BillingShard.Record(shard, [new ShardOutcome(Accounts[0], 0, "timeout", true), new ShardOutcome(Accounts[1], 0, "timeout", true)]);
            Assert.Empty(shard.Failed);
        }

        shard = BillingShard.Record(shard, [new ShardOutcome(Accounts[0], 0, "timeout", true), new ShardOutcome(Accounts[1], 1, null, false)]);

        Assert.Equal("timeout", shard.Failed[Accounts[0]]);
        Assert.Contains(Accounts[1], shard.Done);
        Assert.False(shard.Attempts.ContainsKey(Accounts[1]));
    }

    [Fact]
    public void Record_AnAccountAlreadyDone_CountsItsInvoicesOnce()
    {
        var shard = Recorded(new ShardOutcome(Accounts[0], 1, null, false));

        var again = BillingShard.Record(shard, [new ShardOutcome(Accounts[0], 1, null, false)]);

        Assert.Equal(1, again.Invoices);
    }

    [Fact]
    public void Record_LeavesTheStateItWasGiven_Untouched()
    {
        var before = Recorded();

        BillingShard.Record(before, [new ShardOutcome(Accounts[0], 1, null, false), new ShardOutcome(Accounts[1], 0, "timeout", true)]);

        Assert.Empty(before.Done);
        Assert.Empty(before.Attempts);
    }

    private static ShardState Recorded(params ShardOutcome[] outcomes) =>
        BillingShard.Record(BillingShard.Assign(new ShardState(), CycleId, 0, CycleDate, Accounts)!, outcomes);
}
