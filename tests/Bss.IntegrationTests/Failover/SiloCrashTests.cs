using System.Diagnostics;
using Xunit.Abstractions;

namespace Bss.IntegrationTests.Failover;

/// <summary>One silo of three SIGKILLed: the API absorbs it, membership declares it dead quickly, its row goes.</summary>
[Collection(Chaos.Name)]
public class SiloCrashTests(ChaosCluster cluster, ITestOutputHelper output)
{
    /// <summary>Issue 14's bound, from the kill to every survivor's membership no longer counting the silo.</summary>
    private static readonly TimeSpan DeclaredDeadWithin = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task SigkillOfOneOfThreeUnderLoad_NoRetryableRequestFailsDeathDeclaredWithin5sAndTheDeadRowLeavesRedis()
    {
        var silos = await cluster.EnsureAsync(3);
        var victim = silos[1];
        var victimPort = cluster.SiloPortOf(victim);
        var survivors = silos.Where(s => s != victim).ToArray();
        bool HasVictimRow(IEnumerable<string> rows) => rows.Any(r => r.Contains($":{victimPort}:", StringComparison.Ordinal));
        Assert.True(HasVictimRow(await cluster.MembershipRowsAsync()), "the victim's row is not in Redis before the kill");
        // Nothing tells the client a silo was killed but the refused connection: it resends there, as a balancer would.
        using var load = new MixedLoad(silos, resendOnConnectionLoss: true);
        await load.StartAsync(workers: 4);

        await victim.KillAsync();
        var declaredDead = await ChaosCluster.WaitForActiveAsync(survivors, 2, TimeSpan.FromSeconds(20));
        var loadAverage = LoadAverage();
        await cluster.RemoveAsync(victim);
        await ChaosTiming.TailAsync(load, survivors);
        await load.StopAsync();

        output.WriteLine($"SIGKILL of 1 of 3: declared dead by both survivors {declaredDead.TotalSeconds:0.0} s after the kill " +
            $"(load average {loadAverage})");
        await load.ReadBackAndReportAsync(survivors[0], output, "SIGKILL of 1 of 3");
        Assert.True(declaredDead <= DeclaredDeadWithin, $"dead silo declared after {declaredDead.TotalSeconds:0.0} s (load average {loadAverage})");

        // The crashed silo is replaced, as an orchestrator would. Cleanup runs on a membership change (this join) for
        // rows past DefunctSiloExpiration (2 s in these tests); MaxDefunctSiloEntries (25) bounds the table meanwhile.
        var replaced = Stopwatch.StartNew();
        await cluster.EnsureAsync(3);
        var joined = replaced.Elapsed;
        await ChaosTiming.UntilAsync(async () => !HasVictimRow(await cluster.MembershipRowsAsync()), TimeSpan.FromSeconds(20),
            "the killed silo's membership row is still in Redis");
        output.WriteLine($"the replacement was Active {joined.TotalSeconds:0.0} s after it was started; the killed silo's row was gone " +
            $"{(replaced.Elapsed - joined).TotalSeconds:0.0} s later; {(await cluster.MembershipRowsAsync()).Count} row(s) for 3 live silos");
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
