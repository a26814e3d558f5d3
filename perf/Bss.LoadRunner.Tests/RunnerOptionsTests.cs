using System.Text.Json.Nodes;
using Bss.ClientAuth;
using Bss.LoadRunner.Reporting;

namespace Bss.LoadRunner.Tests;

public class RunnerOptionsTests
{
    private const string Issuer = "http://127.0.0.1:58180/realms/bss";

    private static RunnerOptions Parse(params string[] args) => RunnerOptions.Parse(args, DevServicesEnvironment);

    /// <summary>What `eval "$(dev/services env run)"` leaves in the environment.</summary>
    private static string? DevServicesEnvironment(string name) => name switch
    {
        "BSS_OIDC_ISSUER" => Issuer,
        "BSS_OIDC_CLIENT_ID" => "bss-backend",
        "BSS_OIDC_CLIENT_SECRET" => "bss-backend-dev-secret",
        _ => null,
    };

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
        var fromEnvironment = RunnerOptions.Parse(["run"], name => name == "BASE_URLS" ? "http://127.0.0.1:9000" : DevServicesEnvironment(name));
        var given = RunnerOptions.Parse(["run", "--base-urls", "http://127.0.0.1:9001,http://127.0.0.1:9002"], _ => "http://127.0.0.1:9");

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
    public void Tokens_ComeFromTheDevServicesEnvironment_ByClientCredentials()
    {
        var tokens = Parse("run").Tokens!;

        Assert.Equal(new Uri(Issuer), tokens.Issuer);
        Assert.Equal("bss-backend", tokens.ClientId);
        Assert.Equal("bss-backend-dev-secret", tokens.ClientSecret);
        Assert.False(tokens.UsesPasswordGrant);
    }

    [Fact]
    public void TokenOptions_OverrideTheEnvironment_AndAUsernameChoosesThePasswordGrant()
    {
        var tokens = Parse("seed", "--count", "1", "--out", "x.jsonl", "--issuer", "http://localhost:1/realms/other",
            "--client-id", "tester", "--client-secret", "s", "--username", "operator", "--password", "operator").Tokens!;

        Assert.Equal(new TokenSettings(new Uri("http://localhost:1/realms/other"), "tester", "s", "operator", "operator"), tokens);
        Assert.True(tokens.UsesPasswordGrant);
    }

    [Fact]
    public void Tokens_WithoutAnIssuer_AreRefusedWithWhereToGetOne()
    {
        var error = Assert.Throws<ArgumentException>(() => RunnerOptions.Parse(["run"], _ => null));

        Assert.Contains("--issuer", error.Message, StringComparison.Ordinal);
        Assert.Contains("BSS_OIDC_ISSUER", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_SendsNoRequest_AndNeedsNoIssuer()
    {
        var options = RunnerOptions.Parse(["report", "--dir", "perf/results/x"], _ => null);

        Assert.Null(options.Tokens);
    }

    [Theory]
    [InlineData("--username", "viewer")]
    [InlineData("--password", "viewer")]
    [InlineData("--issuer", "127.0.0.1:58180/realms/bss")]
    [InlineData("--issuer", "ftp://127.0.0.1/realms/bss")]
    [InlineData("--issuer", "http://login.example.com/realms/bss")]
    public void TokenOptions_Incomplete_AreRejected(string option, string value)
    {
        Assert.Throws<ArgumentException>(() => Parse("run", option, value));
    }

    [Fact]
    public void TokenSettings_InText_NeverShowTheSecretOrThePassword()
    {
        var settings = TokenSettings.From(
            new Dictionary<string, string> { ["--username"] = "operator", ["--password"] = "hunter2" }, DevServicesEnvironment);

        Assert.DoesNotContain("bss-backend-dev-secret", settings.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", settings.ToString(), StringComparison.Ordinal);
        Assert.Contains("operator", settings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_NamesTheTokenOptions()
    {
        foreach (var option in TokenSettings.OptionNames)
        {
            Assert.Contains(option, RunnerOptions.Usage, StringComparison.Ordinal);
        }
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

    [Fact]
    public void HealthInterval_DefaultsToHalfASecond_AndZeroTurnsThePollOff()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(500), Parse("run").HealthInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), Parse("run", "--health-interval", "1s").HealthInterval);
        Assert.Equal(TimeSpan.Zero, Parse("run", "--health-interval", "0s").HealthInterval);
    }

    [Fact]
    public void Summary_WithBalancingAndFailures_AddsThemAfterTheK6FieldsAndPrintsResendsApartFromErrors()
    {
        var stats = new StatsSnapshot(10, 0, 0, 1, new LatencyMs(1, 1, 1, 1, 1, 1));
        var summary = new RunSummary(RunSummary.SchemaName, RunSummary.ToolName, "p", ["http://127.0.0.1:1"], null, 1, stats,
            new Dictionary<string, StatsSnapshot> { ["s"] = stats }, null, [], true)
        {
            Balancing = new BalancingSummary(500, 7, new Dictionary<string, long> { ["http://127.0.0.1:1"] = 1 }),
            Failures = new Dictionary<string, long> { ["customers.update: status 503"] = 2 },
        };

        var json = JsonNode.Parse(summary.ToJson())!.AsObject();
        var text = SummaryText.Render(summary);

        Assert.Equal(7, json["balancing"]!["resent"]!.GetValue<long>());
        Assert.Equal("passed", json.Select(p => p.Key).ElementAt(10));
        Assert.Contains("re-sent to another silo (refused or cut before any answer; not errors): 7", text, StringComparison.Ordinal);
        Assert.Contains("(every 500 ms): http://127.0.0.1:1 1", text, StringComparison.Ordinal);
        Assert.Contains("failed      2 × customers.update: status 503", text, StringComparison.Ordinal);
        Assert.Equal(2, json["failures"]!["customers.update: status 503"]!.GetValue<long>());
    }
}
