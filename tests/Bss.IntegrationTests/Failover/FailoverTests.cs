using System.Diagnostics;
using System.Net;
using Bss.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Bss.IntegrationTests.Failover;

/// <summary>One of two silos stopped (SIGTERM) or killed (SIGKILL) while a mixed load runs against both.</summary>
public class FailoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task SigtermUnderLoad_ClientFollowsReadiness_NoRequestFailsAndEveryCreationIsReadBack()
    {
        var (survivor, victim) = await StartPairAsync();
        await using var _ = survivor;
        await using var __ = victim;
        // A client that only follows readiness: a refused or cut connection is a failed request.
        var load = new MixedLoad([survivor, victim], resendOnConnectionLoss: false);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(workers: 4, stop.Token);

        await Task.Delay(Warmup);
        var stopping = Stopwatch.StartNew();
        await victim.StopAsync();
        var stopTime = stopping.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await running;

        await ReportAndReadBackAsync(load, survivor, $"SIGTERM: victim exited {stopTime.TotalSeconds:0.0} s after the signal");
        Assert.True(victim.HasExited, "the stopped silo did not exit");
        Assert.True(stopTime < TimeSpan.FromSeconds(25), $"graceful stop took {stopTime}");
        Assert.True(load.LeftByReadiness(victim), "the client did not see the stopping silo turn not-ready");
    }

    [Fact]
    public async Task SigkillUnderLoad_ApiRetriesGrainCalls_NoRetryableRequestFailsAndEveryCreationIsReadBack()
    {
        var (survivor, victim) = await StartPairAsync();
        await using var _ = survivor;
        await using var __ = victim;
        // Nothing tells the client a silo was killed but the refused connection: it resends there, as a balancer would.
        var load = new MixedLoad([survivor, victim], resendOnConnectionLoss: true);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(workers: 4, stop.Token);

        await Task.Delay(Warmup);
        await victim.KillAsync();
        var killed = Stopwatch.StartNew();
        await WaitForAsync(async () => (await survivor.ReadinessAsync()).Contains("1 active silo(s)", StringComparison.Ordinal),
            TimeSpan.FromSeconds(20));
        var declaredDead = killed.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await running;

        await ReportAndReadBackAsync(load, survivor, $"SIGKILL: victim declared dead {declaredDead.TotalSeconds:0.0} s after the kill");
        Assert.True(declaredDead <= TimeSpan.FromSeconds(8), $"dead silo declared after {declaredDead}");
    }

    private static async Task<(SiloProcess Survivor, SiloProcess Victim)> StartPairAsync()
    {
        var clusterId = "it-failover-" + Guid.NewGuid().ToString("N")[..8];
        var environment = new Dictionary<string, string> { ["Bss__Shutdown__DrainDelay"] = "00:00:01.5" };
        var survivor = await SiloProcess.StartAsync(SiloProcess.NewOptions(clusterId, "survivor") with { Environment = environment });
        var victim = await SiloProcess.StartAsync(SiloProcess.NewOptions(clusterId, "victim") with { Environment = environment });
        await WaitForAsync(async () => (await survivor.ReadinessAsync()).Contains("2 active silo(s)", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30));
        await WaitForAsync(async () => (await victim.ReadinessAsync()).Contains("2 active silo(s)", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30));
        return (survivor, victim);
    }

    private async Task ReportAndReadBackAsync(MixedLoad load, SiloProcess survivor, string headline)
    {
        var lost = 0;
        foreach (var (id, expected) in load.AcknowledgedCreations)
        {
            using var read = await survivor.Http.GetAsync($"{Api.Customers}/{id}");
            if (read.StatusCode != HttpStatusCode.OK || (await read.ExpectJsonAsync(HttpStatusCode.OK)).ToJsonString() != expected.ToJsonString())
            {
                lost++;
            }
        }

        output.WriteLine($"{headline}; requests sent {load.Sent}, acknowledged creations {load.Acknowledged}, failed " +
            $"{load.Failures.Count}, lost {lost}, resent after a connection loss {load.Resent}, latency peak " +
            $"{load.LatencyPeak.TotalMilliseconds:0} ms");
        foreach (var failure in load.Failures.Take(10))
        {
            output.WriteLine(failure);
        }

        Assert.True(load.Acknowledged > 10, $"only {load.Acknowledged} creations acknowledged: the load did not run");
        Assert.Empty(load.Failures);
        Assert.Equal(0, lost);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < timeout, "condition not met in time");
            await Task.Delay(200);
        }
    }
}
