using System.Diagnostics;
using Bss.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Bss.IntegrationTests.Failover;

/// <summary>Every core saturated by busy loops for a while: the fast membership timing declares no live silo dead.</summary>
[Collection(Chaos.Name)]
public class CpuSaturationTests(ChaosCluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Saturation = TimeSpan.FromSeconds(12);

    [Fact]
    public async Task EveryCoreBusyUnderLoad_NoLiveSiloIsDeclaredDead()
    {
        var silos = await cluster.EnsureAsync(3);
        // 503 + Retry-After is how an overloaded silo sheds (Limits); what must not happen is a silo voted dead.
        using var load = new MixedLoad(silos, resendOnConnectionLoss: false, allowUnavailable: true);
        await load.StartAsync(workers: 2);

        var busy = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => Process.Start("sh", ["-c", "while :; do :; done"])).ToList();
        var fewer = new List<string>();
        var probes = 0;
        try
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < Saturation)
            {
                foreach (var silo in silos)
                {
                    var seen = await ActiveSeenByAsync(silo);
                    probes += seen is null ? 0 : 1;
                    if (seen is not null && seen != "3")
                    {
                        fewer.Add($"{clock.Elapsed.TotalSeconds:0.0} s: {silo.Name} sees {seen}");
                    }
                }

                await Task.Delay(250);
            }
        }
        finally
        {
            foreach (var process in busy)
            {
                process.Kill();
                await process.WaitForExitAsync();
                process.Dispose();
            }
        }

        await ChaosCluster.WaitForActiveAsync(silos, 3, TimeSpan.FromSeconds(20));
        await ChaosTiming.TailAsync(load, silos);
        await load.StopAsync();

        output.WriteLine($"{Environment.ProcessorCount} busy loop(s) for {Saturation.TotalSeconds:0} s (load average after " +
            $"{SiloCrashTests.LoadAverage()}): {probes} membership views answered, {fewer.Count} with fewer than 3 active silos");
        await load.ReadBackAndReportAsync(silos[0], output, "full CPU");
        Assert.All(silos, s => Assert.False(s.HasExited, $"{s.Name} exited under CPU load (declared dead, it stops itself)"));
        Assert.Empty(fewer);
    }

    /// <summary>The count of active silos in the silo's readiness report, or null when it did not answer in 3 s.</summary>
    private static async Task<string?> ActiveSeenByAsync(SiloProcess silo)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            using var response = await silo.Anonymous.GetAsync("/health/ready", timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            var at = text.IndexOf(" active silo(s)", StringComparison.Ordinal);
            return at < 0 ? text : text[(text.LastIndexOf(' ', at - 1) + 1)..at];
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return null;
        }
    }
}
