using System.Diagnostics;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests;

/// <summary>
/// A short run of perf/Bss.LoadRunner (a real process, as a developer starts it) against both silos: the
/// performance suite keeps working as the API changes, without the full bench being a CI step.
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
        ];

        var (exitCode, output) = await RunAsync(arguments, TimeSpan.FromMinutes(2));

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
            Assert.Contains("teardown: deleted", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(summaryFile);
        }
    }

    /// <summary>Bss.LoadRunner.dll of the same configuration as this test assembly (dev/test builds the solution).</summary>
    private static string RunnerAssembly()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var path = Path.Combine(TestEnvironment.RepositoryRoot, "perf", "Bss.LoadRunner", "bin", configuration, "net10.0", "Bss.LoadRunner.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first: load runner not found", path);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = TestEnvironment.RepositoryRoot,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the runner did not finish within {timeout}:\n{await stdout}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
