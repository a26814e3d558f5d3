using System.Text.Json.Nodes;
using Bss.LoadRunner.Reporting;

namespace Bss.LoadRunner.Tests;

public class RunnerOptionsTests
{
    private static RunnerOptions Parse(params string[] args) => RunnerOptions.Parse(args, _ => null);

    [Fact]
    public void Run_WithoutOptions_RunsTheSmokeProfileAgainstTheTwoDevRunSilos()
    {
        var options = Parse("run");

        Assert.Equal("smoke", options.Profile);
        Assert.Equal(["http://127.0.0.1:8080/", "http://127.0.0.1:8081/"], options.BaseUrls.Select(u => u.ToString()));
    }

    [Fact]
    public void BaseUrls_ComeFromTheEnvironment_UnlessGiven()
    {
        var fromEnvironment = RunnerOptions.Parse(["run"], name => name == "BASE_URLS" ? "http://127.0.0.1:9000" : null);
        var given = RunnerOptions.Parse(["run", "--base-urls", "http://127.0.0.1:9001,http://127.0.0.1:9002"], _ => "http://x");

        Assert.Equal(9000, fromEnvironment.BaseUrls.Single().Port);
        Assert.Equal([9001, 9002], given.BaseUrls.Select(u => u.Port));
    }

    [Fact]
    public void Vus_WithDuration_AndSharedFiles_Parse()
    {
        var options = Parse("run", "--profile", "reads", "--vus", "64", "--duration", "20s", "--shared", "customer=ids.jsonl");

        Assert.Equal(64, options.Vus);
        Assert.Equal(TimeSpan.FromSeconds(20), options.Duration);
        Assert.Equal("ids.jsonl", options.SharedFiles["customer"]);
    }

    [Theory]
    [InlineData("run", "--vus", "5")]
    [InlineData("run", "--vus", "5", "--rate", "10", "--duration", "1s")]
    [InlineData("run", "--bogus")]
    [InlineData("seed", "--count", "10")]
    [InlineData("walk")]
    public void InvalidCommandLines_AreRejected(params string[] args)
    {
        Assert.Throws<ArgumentException>(() => Parse(args));
    }

    [Fact]
    public void Summary_HasTheSameTopLevelFieldsAsTheK6HandleSummary()
    {
        var stats = new StatsSnapshot(1, 0, 0, 1, new LatencyMs(1, 1, 1, 1, 1, 1));
        var summary = new RunSummary(RunSummary.SchemaName, RunSummary.ToolName, "p", ["http://127.0.0.1:1"], null, 1, stats,
            new Dictionary<string, StatsSnapshot> { ["s"] = stats with { Endpoints = new Dictionary<string, StatsSnapshot> { ["e"] = stats } } },
            null, [], true);

        var json = JsonNode.Parse(summary.ToJson())!.AsObject();

        Assert.Equal(
            ["schema", "tool", "profile", "targets", "startedAt", "durationSeconds", "total", "scenarios", "rateSearch", "thresholds", "passed"],
            json.Select(p => p.Key));
        Assert.Equal(["requests", "failed", "errorRate", "rps", "latencyMs"], json["total"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["avg", "p50", "p90", "p95", "p99", "max"], json["total"]!["latencyMs"]!.AsObject().Select(p => p.Key));
        Assert.NotNull(json["scenarios"]!["s"]!["endpoints"]!["e"]);
    }
}
