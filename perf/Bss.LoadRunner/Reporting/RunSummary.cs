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
    public const string SchemaName = "bss-perf-summary/1";
    public const string ToolName = "Bss.LoadRunner";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

internal sealed record RateStep(double Rate, double? AchievedRps, double? P99, double ErrorRate, bool Held);

internal sealed record RateSearchResult(string Scenario, Scenarios.HeldCondition Held, IReadOnlyList<RateStep> Steps, double? HeldRate);

/// <summary>A threshold's verdict; <see cref="RunSummary.Passed"/> counts the gates' only.</summary>
internal sealed record ThresholdResult(string Set, string Level, string? Scenario, string Stat, string Op, double Value, double? Actual, bool Passed)
{
    [JsonIgnore]
    public bool IsGate => Level == Scenarios.ThresholdDefinition.Gate;
}
