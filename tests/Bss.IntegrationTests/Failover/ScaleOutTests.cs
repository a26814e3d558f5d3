using System.Globalization;
using System.Text.RegularExpressions;
using Bss.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Bss.IntegrationTests.Failover;

/// <summary>A silo added to two under load takes a share of the new activations, and is removed again (2 → 3 → 2).</summary>
[Collection(Chaos.Name)]
public partial class ScaleOutTests(ChaosCluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task ScaleTwoToThreeToTwoUnderLoad_AddedSiloHostsNewGrains_NoRequestFails()
    {
        var silos = await cluster.EnsureAsync(2);
        using var load = new MixedLoad(silos, resendOnConnectionLoss: false);
        await load.StartAsync(workers: 4);

        // The added silo is Active in membership (and placed on) before its readiness lets the client send to it.
        var before = load.Acknowledged;
        var added = await cluster.AddAsync();
        load.Add(added);
        await ChaosCluster.WaitForActiveAsync(cluster.Silos, 3, TimeSpan.FromSeconds(30));
        // Until the added silo hosts customers, or 15 s.
        await ChaosTiming.UntilAsync(async () => await CustomerActivationsAsync(added) >= 10, TimeSpan.FromSeconds(15),
            $"{added.Name} hosts fewer than 10 customer grains");
        var created = load.Acknowledged - before;
        var hosted = await Task.WhenAll(cluster.Silos.Select(CustomerActivationsAsync));

        await added.StopAsync();
        await cluster.RemoveAsync(added);
        load.Remove(added);
        await ChaosCluster.WaitForActiveAsync(cluster.Silos, 2, TimeSpan.FromSeconds(30));
        await ChaosTiming.TailAsync(load, cluster.Silos);
        await load.StopAsync();

        output.WriteLine($"scale 2 → 3 → 2: {created} customers were created after the third silo was started; customer grains per silo then " +
            $"{string.Join(" / ", hosted)} (the added one last), it answered {load.AnsweredBy(added)} requests");
        await load.ReadBackAndReportAsync(cluster.Silos[0], output, "scale 2 → 3 → 2");
        Assert.True(load.AnsweredBy(added) > 0, "the added silo answered no request");
    }

    /// <summary>The silo's own gauge of live customer grains (Orleans' orleans-grains instrument, per grain type), from /metrics.</summary>
    internal static async Task<int> CustomerActivationsAsync(SiloProcess silo) =>
        CustomerGrainGauge().Matches(await silo.MetricsAsync()).Sum(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"(?m)^orleans_grains\{[^}]*grain_type=""customer""[^}]*\} (\d+)")]
    private static partial Regex CustomerGrainGauge();
}
