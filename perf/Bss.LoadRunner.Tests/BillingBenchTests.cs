using System.Text.Json.Nodes;
using Bss.LoadRunner.Execution;
using Bss.LoadRunner.Reporting;

namespace Bss.LoadRunner.Tests;

public class BillingBenchTests
{
    private static readonly Func<string, string?> Issuer = name => name switch
    {
        "BSS_OIDC_ISSUER" => "http://127.0.0.1:58180/realms/bss",
        "BSS_OIDC_CLIENT_ID" => "bss-backend",
        "BSS_OIDC_CLIENT_SECRET" => "secret",
        _ => null,
    };

    private static JsonObject Cycle(string status) => new()
    {
        ["id"] = "0b7a1c9e-0000-4000-8000-000000000001",
        ["cycleDate"] = "2027-01-01",
        ["status"] = status,
        ["totalAccounts"] = 2600,
        ["processedAccounts"] = 2598,
        ["failedAccounts"] = 2,
        ["shardCount"] = 11,
        ["invoicesGenerated"] = 2598,
        ["failures"] = new JsonArray(new JsonObject { ["customerId"] = "c1", ["reason"] = "refused" }),
    };

    [Fact]
    public void Result_FinishedCycle_GivesInvoicesPerSecondOverTheWholeWait()
    {
        var result = BillingCycleRun.Result(Cycle("FAILED"), TimeSpan.FromSeconds(20));

        Assert.Equal("FAILED", (string?)result["status"]);
        Assert.Equal(2598, (int?)result["invoices"]);
        Assert.Equal(129.9, (double?)result["invoicesPerSecond"]);
        Assert.Equal(2, (int?)result["failedAccounts"]);
        Assert.Single(result["failures"]!.AsArray());
    }

    [Fact]
    public void Result_CycleStillGenerating_IsTimedOut()
    {
        var result = BillingCycleRun.Result(Cycle("GENERATED"), TimeSpan.FromMinutes(30));

        Assert.Equal("TIMED_OUT", (string?)result["status"]);
    }

    [Fact]
    public void BillingRow_FromTheResult_PutsInvoicesPerSecondInTheRateColumnAndFailedAccountsInErrors()
    {
        var row = BenchReport.BillingRow(BillingCycleRun.Result(Cycle("PROCESSED"), TimeSpan.FromSeconds(2)));

        Assert.Equal((1, 1299.0, 2598L, 2L), (row.Rounds, row.Rps!.Value, row.Requests, row.Failed));
        Assert.Contains("2600 accounts", row.Label, StringComparison.Ordinal);
    }

    [Fact]
    public void BillingRow_WithoutABillingRun_HasNoRounds()
    {
        var row = BenchReport.BillingRow([]);

        Assert.Equal(0, row.Rounds);
        Assert.Null(row.Rps);
    }

    [Fact]
    public void BillingCommand_WithDateAndOut_IsParsed()
    {
        var options = RunnerOptions.Parse(["billing", "--cycle-date", "2027-01-01", "--out", "h.json"], Issuer);

        Assert.Equal(new DateOnly(2027, 1, 1), options.CycleDate);
        Assert.Equal("h.json", options.Out);
    }

    [Theory]
    [InlineData("billing", "--out", "h.json")]
    [InlineData("run", "--subscriptions")]
    [InlineData("seed", "--count", "5", "--out", "s.jsonl", "--resource", "product", "--subscriptions")]
    public void Options_OutOfPlace_AreRefused(params string[] args)
    {
        Assert.Throws<ArgumentException>(() => RunnerOptions.Parse(args, Issuer));
    }

    [Fact]
    public void SeedWithSubscriptions_OfCustomers_IsParsed()
    {
        var options = RunnerOptions.Parse(["seed", "--count", "5", "--out", "s.jsonl", "--subscriptions"], Issuer);

        Assert.True(options.Subscriptions);
    }
}
