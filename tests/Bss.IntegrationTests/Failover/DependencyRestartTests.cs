using System.Diagnostics;
using Bss.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Bss.IntegrationTests.Failover;

/// <summary>
/// Redis (membership), PgBouncer and PostgreSQL (grain state) restarted by dev/services under a mixed load against three silos:
/// nothing acknowledged is lost, the only errors are 503 + Retry-After while the dependency is down, and the cluster
/// recovers by itself.
/// </summary>
[Collection(Chaos.Name)]
public class DependencyRestartTests(ChaosCluster cluster, ITestOutputHelper output)
{
    /// <summary>How long the dependency stays down: long enough for the silos to notice, short enough for the suite.</summary>
    private const string SecondsDown = "2";

    [Fact]
    public async Task RedisRestartedUnderLoad_SilosKeepTheirMembership_NothingLostAndEveryoneCatchesUp()
    {
        await RestartUnderLoadAsync("restart-redis", "Redis restart");
        var rows = await cluster.MembershipRowsAsync();
        Assert.True(rows.Count >= 3, $"the membership table in Redis has {rows.Count} row(s) after the restart");
    }

    [Fact]
    public async Task PgBouncerRestartedUnderLoad_Answers503WithRetryAfterWhileDown_NothingLostAndRecoversByItself()
    {
        await RestartUnderLoadAsync("restart-pgbouncer", "PgBouncer restart");
    }

    [Fact]
    public async Task PostgresRestartedUnderLoad_Answers503WithRetryAfterWhileDown_NothingLostAndRecoversByItself()
    {
        await RestartUnderLoadAsync("restart-postgres", "PostgreSQL restart");
    }

    private async Task RestartUnderLoadAsync(string command, string scenario)
    {
        var silos = await cluster.EnsureAsync(3);
        using var load = new MixedLoad(silos, resendOnConnectionLoss: false, allowUnavailable: true);
        await load.StartAsync(workers: 4);

        var clock = Stopwatch.StartNew();
        await DevServicesAsync(command, SecondsDown);
        var restarted = clock.Elapsed;
        foreach (var silo in silos)
        {
            await silo.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
        }

        await ChaosCluster.WaitForActiveAsync(silos, 3, TimeSpan.FromSeconds(30));
        var recovered = clock.Elapsed;
        await ChaosTiming.TailAsync(load, silos);
        await load.StopAsync();

        output.WriteLine($"{scenario}: down {SecondsDown} s, back after {restarted.TotalSeconds:0.0} s, every silo ready again " +
            $"after {recovered.TotalSeconds:0.0} s");
        await load.ReadBackAndReportAsync(silos[0], output, scenario);
        Assert.All(silos, s => Assert.False(s.HasExited, $"{s.Name} exited during the {scenario}"));
    }

    /// <summary>dev/services on the test profile (its ports come from dev/test's environment).</summary>
    private static async Task DevServicesAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(TestEnvironment.RepositoryRoot, "dev", "services"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(arguments[0]);
        start.ArgumentList.Add(Environment.GetEnvironmentVariable("BSS_PROFILE") is { Length: > 0 } profile ? profile : "test");
        foreach (var argument in arguments.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"dev/services {string.Join(' ', arguments)} failed: {await stdout}{await stderr}");
    }
}
