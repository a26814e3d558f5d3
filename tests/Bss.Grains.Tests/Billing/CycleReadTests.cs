using Bss.Abstractions.Billing;
using Bss.Domain.Billing;
using Bss.Grains.Billing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Bss.Grains.Tests.Billing;

/// <summary>
/// Reading a running cycle asks its shards for their live counts, but does not wait long for one that cannot answer
/// (its silo died and it is being activated again): that shard counts with the figures it gave last.
/// </summary>
public sealed class CycleReadTests : IAsyncLifetime
{
    private static readonly DateOnly Date = new(2020, 1, 1);

    // Three accounts due, two per shard: shard 0 bills the first two one at a time, shard 1 the third.
    private readonly Guid[] _accounts = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
    private InProcessTestCluster _cluster = null!;

    private IGrainFactory Grains => _cluster.Client;

    public async Task InitializeAsync() =>
        _cluster = await ClusterFixture.StartAsync(1, new ScenarioClock(new DateTimeOffset(2020, 1, 1, 9, 0, 0, TimeSpan.Zero)), silo =>
        {
            silo.Services.AddSingleton<IBillingDirectory>(new DueAccounts(_accounts));
            silo.Services.Configure<BillingOptions>(o =>
            {
                o.AccountsPerShard = 2;
                o.ShardParallelism = 1;
                o.ShardBatch = 1;
                o.ProgressWait = TimeSpan.FromMilliseconds(500);
            });
        });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task AShardThatDoesNotAnswer_CountsWithItsLastFigures_AndTheReadDoesNotWaitForIt()
    {
        var cycleId = Guid.NewGuid();
        var cycle = Grains.GetGrain<IBillingCycleGrain>(cycleId);
        var shard0 = Grains.GetGrain<IBillingCycleShardGrain>(BillingCycle.ShardId(cycleId, 0));
        var secondAccount = Grains.GetGrain<IBillingAccountGrain>(_accounts[1]);
        Stalls.Hold(secondAccount, nameof(IBillingAccountGrain.BillAsync));
        try
        {
            Assert.True((await cycle.CreateAsync(Date, "test")).IsSuccess);
            var started = await cycle.ProcessAsync();
            Assert.True(started.IsSuccess, started.Error?.Message);
            Assert.Equal(2, started.Value.State.Shards.Count);

            // Shard 1 finishes; shard 0 has tried its first account and waits on the second.
            var live = await UntilAsync(cycle, v => v.Processed + v.Failed == 2);
            Assert.Equal(BillingCycleStatus.Generated, live.State.Status);
            Assert.Equal(1, live.Pending);

            // Shard 0 stops answering: the read comes back anyway, with shard 0's last figures (one account tried).
            Stalls.Hold(shard0, nameof(IBillingCycleShardGrain.GetProgressAsync));
            var read = cycle.GetAsync();
            var finished = await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(30)));
            Assert.True(finished == read, "reading the cycle waited for a shard that does not answer");
            var stale = (await read)!;
            Assert.Equal(BillingCycleStatus.Generated, stale.State.Status);
            Assert.Equal(2, stale.Processed + stale.Failed);
            Assert.Equal(1, stale.Pending);
        }
        finally
        {
            Stalls.Release(shard0, nameof(IBillingCycleShardGrain.GetProgressAsync));
            Stalls.Release(secondAccount, nameof(IBillingAccountGrain.BillAsync));
        }

        // Once shard 0 answers and bills again, the cycle completes with every account tried once.
        var done = await UntilAsync(cycle, v => v.State.Status != BillingCycleStatus.Generated);
        Assert.Equal(3, done.Processed + done.Failed);
        Assert.Equal(0, done.Pending);
    }

    private static async Task<BillingCycleView> UntilAsync(IBillingCycleGrain cycle, Func<BillingCycleView, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var view = (await cycle.GetAsync())!;
            if (condition(view))
            {
                return view;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the cycle did not get there: {view.State.Status}, {view.Processed} processed, {view.Failed} failed, {view.Pending} pending");
            await Task.Delay(50);
        }
    }

    /// <summary>The accounts due on any date: the ones the test chose, in order.</summary>
    private sealed class DueAccounts(IReadOnlyList<Guid> accounts) : IBillingDirectory
    {
        public Task<IReadOnlyList<Guid>> DueAccountsAsync(DateOnly cycleDate) => Task.FromResult(accounts);

        public Task<IReadOnlyList<Guid>> SubscriptionIdsAsync(Guid customerId) => Task.FromResult<IReadOnlyList<Guid>>([]);
    }
}
