using Bss.LoadRunner.Reporting;

namespace Bss.LoadRunner.Tests;

public class HistogramTests
{
    [Fact]
    public void Percentiles_OfOneToThousandMilliseconds_AreWithinATenthOfAPercent()
    {
        var recorder = new LatencyRecorder();
        for (var ms = 1; ms <= 1000; ms++)
        {
            recorder.Record(TimeSpan.FromMilliseconds(ms), failed: false);
        }

        var latency = LatencyMs.From(recorder.Histogram);

        Assert.InRange(latency.P50!.Value, 499.5, 500.5);
        Assert.InRange(latency.P95!.Value, 949, 951);
        Assert.InRange(latency.P99!.Value, 989, 991);
        Assert.InRange(latency.Max!.Value, 999, 1001);
        Assert.InRange(latency.Avg!.Value, 500, 501);
    }

    [Fact]
    public void Snapshot_CountsFailuresAndRate_PerEndpointAndInTotal()
    {
        var scenario = new ScenarioRecorder("s", new LiveWindow());
        scenario.Record("a", TimeSpan.FromMilliseconds(1), failed: false);
        scenario.Record("a", TimeSpan.FromMilliseconds(2), failed: true);
        scenario.Record("b", TimeSpan.FromMilliseconds(3), failed: false);
        scenario.Record("b", TimeSpan.FromMilliseconds(4), failed: false);

        var stats = scenario.Snapshot();

        Assert.Equal(4, stats.Requests);
        Assert.Equal(1, stats.Failed);
        Assert.Equal(0.25, stats.ErrorRate);
        Assert.Equal(0.5, stats.Endpoints!["a"].ErrorRate);
        Assert.InRange(stats.LatencyMs.Max!.Value, 3.99, 4.01);
    }

    [Fact]
    public void Latency_OfAnEmptyHistogram_IsNull()
    {
        var latency = LatencyMs.From(LatencyRecorder.NewHistogram());

        Assert.Null(latency.P99);
    }
}
