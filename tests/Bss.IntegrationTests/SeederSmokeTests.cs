using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests;

/// <summary>
/// dev/seed's program (a real process) with a tiny data set against both silos: it fills every resource, and a
/// second run with the same arguments replays every POST and creates nothing. A tag of its own keeps its keys,
/// codes and numbers apart from anything else in the test database. It gets its token from the test issuer.
/// </summary>
[Collection(ApiCluster.Name)]
public partial class SeederSmokeTests(ApiClusterFixture cluster)
{
    private static readonly string[] Counted =
    [
        "products", "services", "customers", "addresses", "subscriptions", "assets", "assets/sim-cards", "invoices", "payments",
    ];

    [Fact]
    public async Task Seed_FiveCustomersTwice_FillsEveryResourceOnceAndTheSecondRunCreatesNothing()
    {
        var before = await CountsAsync();

        var (firstExit, first) = await SeedAsync();

        Assert.True(firstExit == 0, $"the first run exited with {firstExit}:\n{first}");
        var afterFirst = await CountsAsync();
        foreach (var resource in Counted)
        {
            Assert.True(afterFirst[resource] > before[resource], $"{resource} did not grow ({before[resource]} → {afterFirst[resource]}):\n{first}");
        }

        Assert.True(afterFirst["customers"] - before["customers"] == 5, first);
        Assert.Matches(@"summary: created [1-9]\d*, replayed 0, changed \d+, failed 0", first);
        Assert.Contains("orders", first, StringComparison.Ordinal);

        var (secondExit, second) = await SeedAsync();

        Assert.True(secondExit == 0, $"the second run exited with {secondExit}:\n{second}");
        Assert.Equal(afterFirst, await CountsAsync());
        var created = Summary().Match(first).Groups["created"].Value;
        Assert.Matches($@"summary: created 0, replayed {created}, changed 0, failed 0", second);
    }

    private async Task<(int ExitCode, string Output)> SeedAsync()
    {
        string[] arguments =
        [
            ToolProcess.Assembly(Path.Combine("dev", "Bss.Seeder"), "Bss.Seeder"), "--customers", "5", "--concurrency", "4",
            "--tag", Tag, "--progress", "1",
            "--base-urls", $"http://127.0.0.1:{cluster.Silo1.HttpPort},http://127.0.0.1:{cluster.Silo2.HttpPort}",
            .. ToolProcess.TokenArguments(),
        ];
        return await ToolProcess.RunAsync(arguments, TimeSpan.FromMinutes(3));
    }

    private async Task<Dictionary<string, long>> CountsAsync()
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var resource in Counted)
        {
            var stats = await cluster.Http.GetFromJsonAsync<JsonObject>($"/api/v1/{resource}/stats");
            counts[resource] = (long)stats!["total"]!;
        }

        return counts;
    }

    private static readonly string Tag = "T" + Guid.NewGuid().ToString("N")[..5].ToUpperInvariant();

    [GeneratedRegex(@"summary: created (?<created>\d+)")]
    private static partial Regex Summary();
}
