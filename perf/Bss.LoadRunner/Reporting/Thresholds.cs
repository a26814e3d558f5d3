using Bss.LoadRunner.Scenarios;

namespace Bss.LoadRunner.Reporting;

/// <summary>Checks a profile's thresholds (the old system's and ours, gates and stretch goals) against what was measured.</summary>
internal static class Thresholds
{
    /// <summary>
    /// A threshold without a scenario applies to the whole run; one naming a scenario that did not run (a subset
    /// was chosen) is left out rather than failed.
    /// </summary>
    public static IReadOnlyList<ThresholdResult> Evaluate(
        IEnumerable<ThresholdDefinition> thresholds,
        StatsSnapshot total,
        IReadOnlyDictionary<string, StatsSnapshot> scenarios)
    {
        var results = new List<ThresholdResult>();
        foreach (var t in thresholds)
        {
            StatsSnapshot? stats = total;
            if (t.Scenario is not null && !scenarios.TryGetValue(t.Scenario, out stats))
            {
                continue;
            }

            if (t.Endpoint is not null)
            {
                stats = stats.Endpoints?.GetValueOrDefault(t.Endpoint);
            }

            var actual = stats?.Value(t.Stat);
            results.Add(new ThresholdResult(t.Set, t.Level, t.Scenario, t.Stat, t.Op, t.Value, actual, Operators.Holds(actual, t.Op, t.Value)));
        }

        return results;
    }

    /// <summary>The run's verdict (and exit code): every gate held; a missed stretch goal is reported only.</summary>
    public static bool GatesPassed(IEnumerable<ThresholdResult> results) => results.Where(r => r.IsGate).All(r => r.Passed);
}
