using System.Globalization;
using System.Text;

namespace Bss.LoadRunner.Reporting;

/// <summary>The k6-like end-of-run table: per scenario and endpoint, then the thresholds with their verdicts.</summary>
internal static class SummaryText
{
    public static string Render(RunSummary summary)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"profile {summary.Profile} against {string.Join(", ", summary.Targets)} ({summary.Tool}, {summary.DurationSeconds:0.0} s)");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"  {"scenario / endpoint",-34} {"requests",9} {"rps",10} {"errors",8} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8}");
        foreach (var (name, scenario) in summary.Scenarios)
        {
            Row(text, name, scenario);
            foreach (var (endpoint, stats) in scenario.Endpoints ?? new Dictionary<string, StatsSnapshot>())
            {
                Row(text, "  " + endpoint, stats);
            }
        }

        Row(text, "total", summary.Total);
        if (summary.RateSearch is { } search)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  highest rate held ({search.Held.Stat} {search.Held.Op} {search.Held.Value} ms, no errors): {(search.HeldRate is { } r ? $"{r:0} req/s" : "none")}");
        }

        foreach (var (cause, count) in (summary.Failures ?? new Dictionary<string, long>()).Take(10))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  failed {count,6} × {cause}");
        }

        if (summary.Balancing is { } balancing)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  re-sent to another silo (refused or cut before any answer; not errors): {balancing.Resent}");
            var interval = balancing.HealthIntervalMs > 0
                ? string.Create(CultureInfo.InvariantCulture, $"every {balancing.HealthIntervalMs:0} ms")
                : "off";
            var periods = string.Join(", ", balancing.NotReadyPeriods.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value}")));
            text.AppendLine(CultureInfo.InvariantCulture, $"  not-ready periods seen by the health check ({interval}): {periods}");
        }

        // The gates first (a miss fails the run), then the stretch goals beside them (reported, never failing).
        foreach (var t in summary.Thresholds.OrderBy(t => t.IsGate ? 0 : 1))
        {
            var verdict = t.IsGate ? (t.Passed ? "ok  " : "FAIL") : (t.Passed ? "met " : "miss");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  {verdict} {t.Level,-7} [{t.Set}] {t.Scenario ?? "all"} {t.Stat} {t.Op} {t.Value} (actual {Number(t.Actual, 3)})");
        }

        var stretch = summary.Thresholds.Where(t => !t.IsGate).ToList();
        var goals = stretch.Count == 0 ? "" : $"; stretch goals met: {stretch.Count(t => t.Passed)} of {stretch.Count}";
        text.AppendLine((summary.Passed ? "  all gates passed" : "  some gates FAILED") + goals);
        return text.ToString();
    }

    private static void Row(StringBuilder text, string name, StatsSnapshot s) =>
        text.AppendLine(CultureInfo.InvariantCulture,
            $"  {name,-34} {s.Requests,9} {Number(s.Rps, 1),10} {Number(s.ErrorRate * 100, 2) + "%",8} " +
            $"{Number(s.LatencyMs.P50, 2),8} {Number(s.LatencyMs.P95, 2),8} {Number(s.LatencyMs.P99, 2),8} {Number(s.LatencyMs.Max, 2),8}");

    private static string Number(double? value, int digits) =>
        value is { } v ? v.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "-";
}
