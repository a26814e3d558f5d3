using Bss.LoadRunner.Reporting;
using Bss.LoadRunner.Scenarios;

namespace Bss.LoadRunner.Tests;

public class ThresholdTests
{
    private static StatsSnapshot Stats(double p95, double errorRate, double rps) =>
        new(1000, (long)(errorRate * 1000), errorRate, rps, new LatencyMs(1, 1, 2, p95, p95 * 2, p95 * 3));

    private static readonly IReadOnlyDictionary<string, StatsSnapshot> Scenarios =
        new Dictionary<string, StatsSnapshot> { ["capacity"] = Stats(20, 0, 8000) };

    [Fact]
    public void Thresholds_OfBothSets_AreJudgedOnTheirOwnScope()
    {
        var total = Stats(300, 0.01, 500);
        ThresholdDefinition[] thresholds =
        [
            new("old", null, null, "p95", "<", 500),
            new("ours", "capacity", null, "p95", "<=", 25),
            new("ours", null, null, "errorRate", "<=", 0),
            new("ours", "capacity", null, "rps", ">=", 7000),
        ];

        var results = Thresholds.Evaluate(thresholds, total, Scenarios);

        Assert.Equal([true, true, false, true], results.Select(r => r.Passed));
        Assert.Equal(0.01, results[2].Actual);
    }

    [Fact]
    public void MissedStretchGoal_WithEveryGateHeld_PassesTheRun()
    {
        ThresholdDefinition[] thresholds =
        [
            new("ours", "capacity", null, "p95", "<=", 400),
            new("ours", "capacity", null, "p95", "<=", 5, ThresholdDefinition.Stretch),
        ];

        var results = Thresholds.Evaluate(thresholds, Stats(20, 0, 8000), Scenarios);

        Assert.Equal([true, false], results.Select(r => r.Passed));
        Assert.Equal(["gate", "stretch"], results.Select(r => r.Level));
        Assert.True(Thresholds.GatesPassed(results));
        var text = SummaryText.Render(Summary(results));
        Assert.Contains("miss stretch [ours] capacity p95 <= 5", text, StringComparison.Ordinal);
        Assert.Contains("all gates passed; stretch goals met: 0 of 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void MissedGate_FailsTheRun()
    {
        ThresholdDefinition[] thresholds =
        [
            new("ours", "capacity", null, "errorRate", "<=", 0),
            new("ours", "capacity", null, "rps", ">=", 100, ThresholdDefinition.Stretch),
        ];

        var results = Thresholds.Evaluate(thresholds, Stats(20, 0, 8000), new Dictionary<string, StatsSnapshot> { ["capacity"] = Stats(20, 0.02, 8000) });

        Assert.Equal([false, true], results.Select(r => r.Passed));
        Assert.False(Thresholds.GatesPassed(results));
        Assert.Contains("FAIL gate    [ours] capacity errorRate <= 0", SummaryText.Render(Summary(results)), StringComparison.Ordinal);
    }

    private static RunSummary Summary(IReadOnlyList<ThresholdResult> results) =>
        new(RunSummary.SchemaName, RunSummary.ToolName, "load", ["http://127.0.0.1:1"], null, 1, Stats(20, 0, 8000), Scenarios, null,
            results, Thresholds.GatesPassed(results));

    [Fact]
    public void Threshold_OnAScenarioThatDidNotRun_IsLeftOut()
    {
        var results = Thresholds.Evaluate([new ThresholdDefinition("ours", "think", null, "p95", "<", 1)], Stats(1, 0, 1), Scenarios);

        Assert.Empty(results);
    }

    [Fact]
    public void Threshold_WithoutAMeasuredValue_Fails()
    {
        var empty = new StatsSnapshot(0, 0, 0, null, new LatencyMs(null, null, null, null, null, null));

        var results = Thresholds.Evaluate([new ThresholdDefinition("ours", null, null, "p99", "<", 100)], empty, Scenarios);

        Assert.False(results.Single().Passed);
    }
}
