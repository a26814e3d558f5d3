using System.Text.Json.Serialization;
using HdrHistogram;

namespace Bss.LoadRunner.Reporting;

/// <summary>Latency statistics in milliseconds, as k6's http_req_duration reports them.</summary>
internal sealed record LatencyMs(double? Avg, double? P50, double? P90, double? P95, double? P99, double? Max)
{
    public static LatencyMs From(HistogramBase histogram)
    {
        if (histogram.TotalCount == 0)
        {
            return new LatencyMs(null, null, null, null, null, null);
        }

        double Ms(double microseconds) => Math.Round(microseconds / 1000.0, 3);
        return new LatencyMs(
            Ms(histogram.GetMean()),
            Ms(histogram.GetValueAtPercentile(50)),
            Ms(histogram.GetValueAtPercentile(90)),
            Ms(histogram.GetValueAtPercentile(95)),
            Ms(histogram.GetValueAtPercentile(99)),
            Ms(histogram.GetMaxValue()));
    }
}

/// <summary>
/// The statistics of a scenario, an endpoint within it, or the whole run: the "Stats" object of the summary
/// shape that perf/k6/lib/scenario.js writes too. Endpoints is present on scenarios only.
/// </summary>
internal sealed record StatsSnapshot(
    long Requests,
    long Failed,
    double ErrorRate,
    double? Rps,
    LatencyMs LatencyMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyDictionary<string, StatsSnapshot>? Endpoints = null)
{
    private static readonly string[] Stats = ["avg", "p50", "p90", "p95", "p99", "max", "errorRate", "rps"];

    public static bool IsStat(string stat) => Stats.Contains(stat);

    public static StatsSnapshot From(HistogramBase histogram, long requests, long failed, TimeSpan elapsed,
        IReadOnlyDictionary<string, StatsSnapshot>? endpoints = null) =>
        new(requests, failed,
            requests == 0 ? 0 : Math.Round((double)failed / requests, 6),
            elapsed > TimeSpan.Zero ? Math.Round(requests / elapsed.TotalSeconds, 3) : null,
            LatencyMs.From(histogram),
            endpoints);

    /// <summary>The value a threshold compares: latencies in ms, errorRate as a fraction, rps.</summary>
    public double? Value(string stat) => stat switch
    {
        "avg" => LatencyMs.Avg,
        "p50" => LatencyMs.P50,
        "p90" => LatencyMs.P90,
        "p95" => LatencyMs.P95,
        "p99" => LatencyMs.P99,
        "max" => LatencyMs.Max,
        "errorRate" => ErrorRate,
        "rps" => Rps,
        _ => throw new ArgumentException($"unknown stat '{stat}'", nameof(stat)),
    };
}
