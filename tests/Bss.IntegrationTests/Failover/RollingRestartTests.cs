using System.Diagnostics;
using Xunit.Abstractions;

namespace Bss.IntegrationTests.Failover;

/// <summary>A rolling restart of every silo of three (as `dev/run restart` does) under a mixed load.</summary>
[Collection(Chaos.Name)]
public class RollingRestartTests(ChaosCluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task RollingRestartOfThreeSilos_ClientFollowsReadiness_NoRequestFailsAndEveryCreationIsReadBack()
    {
        var silos = await cluster.EnsureAsync(3);
        // A client that only follows readiness: a refused or cut connection is a failed request.
        using var load = new MixedLoad(silos, resendOnConnectionLoss: false);
        await load.StartAsync(workers: 4);

        var stopTimes = new List<TimeSpan>();
        foreach (var silo in silos)
        {
            // Each drains, stops and starts again; the next goes only once it is ready and sees every silo Active.
            var clock = Stopwatch.StartNew();
            var again = await cluster.RestartAsync(silo);
            stopTimes.Add(clock.Elapsed);
            Assert.True(load.LeftByReadiness(silo), $"the client did not see {silo.Name} turn not-ready before it stopped");
            load.Remove(silo);
            load.Add(again);
            await ChaosCluster.WaitForActiveAsync(cluster.Silos, 3, TimeSpan.FromSeconds(30));
        }

        await ChaosTiming.TailAsync(load, cluster.Silos);
        await load.StopAsync();

        await load.ReadBackAndReportAsync(cluster.Silos[0], output,
            $"rolling restart of 3 silos ({string.Join(", ", stopTimes.Select(t => $"{t.TotalSeconds:0.0} s"))} each, stop to ready again)");
        Assert.All(cluster.Silos, s => Assert.True(load.AnsweredBy(s) > 0, $"the restarted {s.Name} answered no request"));
    }
}
