using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bss.LoadRunner.Reporting;

/// <summary>
/// The JSON summary (schema bss-perf-summary/1), the same shape perf/k6/lib/scenario.js's handleSummary writes,
/// so the bench and any later comparison read either tool's output.
/// </summary>
internal sealed record RunSummary(
    string Schema,
    string Tool,
    string Profile,
    IReadOnlyList<string> Targets,
    DateTimeOffset? StartedAt,
    double DurationSeconds,
    StatsSnapshot Total,
    IReadOnlyDictionary<string, StatsSnapshot> Scenarios,
    RateSearchResult? RateSearch,
    IReadOnlyList<ThresholdResult> Thresholds,
    bool Passed)
{
    /// <summary>The runner's balancing (absent from k6's summaries): re-sends are not in the failed counts.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public BalancingSummary? Balancing { get; init; }

    /// <summary>Failed requests by endpoint and cause (absent from k6's summaries).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, long>? Failures { get; init; }

    public const string SchemaName = "bss-perf-summary/1";
    public const string ToolName = "Bss.LoadRunner";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>
/// How the runner balanced: the health poll's interval (0 = off), requests re-sent to another silo because theirs went
/// away before answering, and per target how many times it turned not ready (a restart of that silo is one).
/// </summary>
internal sealed record BalancingSummary(double HealthIntervalMs, long Resent, IReadOnlyDictionary<string, long> NotReadyPeriods);

internal sealed record RateStep(double Rate, double? AchievedRps, double? P99, double ErrorRate, bool Held);

internal sealed record RateSearchResult(string Scenario, Scenarios.HeldCondition Held, IReadOnlyList<RateStep> Steps, double? HeldRate);

/// <summary>A threshold's verdict; <see cref="RunSummary.Passed"/> counts the gates' only.</summary>
internal sealed record ThresholdResult(string Set, string Level, string? Scenario, string Stat, string Op, double Value, double? Actual, bool Passed)
{
    [JsonIgnore]
    public bool IsGate => Level == Scenarios.ThresholdDefinition.Gate;
}
