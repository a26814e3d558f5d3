using Bss.Silo.Health;

namespace Bss.Silo.Tests;

public class HandoverWatchTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    private static DateTimeOffset At(double seconds) => Start.AddSeconds(seconds);

    [Fact]
    public void IsOver_NoLateCall_EndsAfterTheQuietPeriod()
    {
        var watch = new HandoverWatch(Start);

        Assert.False(watch.IsOver(At(0.9), Quiet, Grace));
        Assert.True(watch.IsOver(At(1.0), Quiet, Grace));
    }

    [Fact]
    public void IsOver_LateCallsKeepComing_WaitsUntilTheyStopForTheQuietPeriod()
    {
        var watch = new HandoverWatch(Start);

        watch.LateCalls(3, At(0.8));
        watch.LateCalls(1, At(2.5));

        Assert.False(watch.IsOver(At(3.4), Quiet, Grace));
        Assert.True(watch.IsOver(At(3.5), Quiet, Grace));
        Assert.Equal(4, watch.Count);
    }

    [Fact]
    public void IsOver_NeverQuiet_EndsAtTheGrace()
    {
        var watch = new HandoverWatch(Start);
        for (var second = 0.5; second < 12; second += 0.5)
        {
            watch.LateCalls(1, At(second));
        }

        Assert.False(watch.IsOver(At(9.9), Quiet, Grace));
        Assert.True(watch.IsOver(At(10), Quiet, Grace));
    }

    [Fact]
    public void LateCalls_ReportedOutOfOrder_KeepTheLatestTime()
    {
        var watch = new HandoverWatch(Start);

        watch.LateCalls(1, At(2));
        watch.LateCalls(1, At(1.5));

        Assert.False(watch.IsOver(At(2.9), Quiet, Grace));
        Assert.True(watch.IsOver(At(3), Quiet, Grace));
    }
}
