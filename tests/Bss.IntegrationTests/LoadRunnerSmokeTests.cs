using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests;

/// <summary>
/// A short run of perf/Bss.LoadRunner (a real process, as a developer starts it, with a token from the test issuer)
/// against both silos: the performance suite keeps working as the API changes, without the full bench being a CI step.
/// </summary>
[Collection(ApiCluster.Name)]
public class LoadRunnerSmokeTests(ApiClusterFixture cluster)
{
    [Fact]
    public async Task LoadRunner_FiveSecondsOfTheLoadMixAcrossBothSilos_HasNoErrorAndWritesASummary()
    {
        var summaryFile = Path.Combine(Path.GetTempPath(), $"bss-loadrunner-{Guid.NewGuid():N}.json");
        string[] arguments =
        [
            RunnerAssembly(), "run", "--profile", "load", "--vus", "4", "--duration", "5s", "--progress", "1",
            "--base-urls", $"http://127.0.0.1:{cluster.Silo1.HttpPort},http://127.0.0.1:{cluster.Silo2.HttpPort}",
            "--summary", summaryFile,
            .. ToolProcess.TokenArguments(),
        ];

        var (exitCode, output) = await ToolProcess.RunAsync(arguments, TimeSpan.FromMinutes(2));

        try
        {
            Assert.True(exitCode == 0, $"the runner exited with {exitCode}:\n{output}");
            var summary = JsonNode.Parse(await File.ReadAllTextAsync(summaryFile))!.AsObject();
            var total = summary["total"]!;
            Assert.Equal("bss-perf-summary/1", (string?)summary["schema"]);
            Assert.True((long)total["requests"]! > 0, output);
            Assert.True((long)total["failed"]! == 0, output);
            Assert.Equal(2, summary["targets"]!.AsArray().Count);
            Assert.True((bool)summary["passed"]!, output);
            // The balancing the runner adds: its readiness poll, and a not-ready count per silo.
            Assert.Equal(500, (double)summary["balancing"]!["healthIntervalMs"]!);
            Assert.Equal(2, summary["balancing"]!["notReadyPeriods"]!.AsObject().Count);
            Assert.Contains("teardown: deleted", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(summaryFile);
        }
    }

    private static string RunnerAssembly() => ToolProcess.Assembly(Path.Combine("perf", "Bss.LoadRunner"), "Bss.LoadRunner");
}
