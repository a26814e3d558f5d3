using Bss.LoadRunner.Scenarios;

namespace Bss.LoadRunner.Execution;

/// <summary>
/// How many VUs a closed-model scenario runs at a moment: k6's ramping-vus (each stage moves linearly from the
/// previous target to its own, starting from <c>startVus</c>), or constant-vus as a flat plan.
/// </summary>
internal sealed class StagePlan
{
    private readonly (TimeSpan Length, int Target)[] _stages;
    private readonly int _startVus;

    public StagePlan(int startVus, IEnumerable<(TimeSpan Length, int Target)> stages)
    {
        _startVus = startVus;
        _stages = [.. stages];
        Total = _stages.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Length);
        Peak = _stages.Select(s => s.Target).Append(startVus).Max();
    }

    public TimeSpan Total { get; }

    public int Peak { get; }

    public static StagePlan For(ScenarioDefinition scenario) =>
        scenario.Stages is { Count: > 0 } stages
            ? new StagePlan(0, stages.Select(s => (s.Length, s.Target)))
            : new StagePlan(scenario.Vus ?? 1, [(Durations.Parse(scenario.Duration!), scenario.Vus ?? 1)]);

    public int TargetAt(TimeSpan elapsed)
    {
        var from = _startVus;
        var stageStart = TimeSpan.Zero;
        foreach (var (length, target) in _stages)
        {
            if (elapsed < stageStart + length)
            {
                var progress = length > TimeSpan.Zero ? (elapsed - stageStart) / length : 1;
                return (int)Math.Round(from + ((target - from) * progress));
            }

            from = target;
            stageStart += length;
        }

        return 0;
    }
}

/// <summary>
/// A constant arrival rate: request n is due at n / rate seconds after the start, whatever happened to the
/// requests before it. Latency is measured from that due time, so a stalled system cannot hide its stall by
/// slowing the sender down (no coordinated omission).
/// </summary>
internal sealed class ArrivalSchedule(double ratePerSecond, TimeSpan duration)
{
    public double Rate { get; } = ratePerSecond > 0 ? ratePerSecond : throw new ArgumentOutOfRangeException(nameof(ratePerSecond));

    public long Total { get; } = (long)Math.Floor(duration.TotalSeconds * ratePerSecond);

    /// <summary>When request <paramref name="n"/> (0-based) is due, from the start.</summary>
    public TimeSpan DueAt(long n) => TimeSpan.FromSeconds(n / Rate);

    /// <summary>How many requests are due by <paramref name="elapsed"/> (the first is due at once).</summary>
    public long DueBy(TimeSpan elapsed) =>
        elapsed < TimeSpan.Zero ? 0 : Math.Min(Total, (long)Math.Floor(elapsed.TotalSeconds * Rate) + 1);
}
