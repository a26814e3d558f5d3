using Bss.LoadRunner.Execution;
using Bss.LoadRunner.Scenarios;

namespace Bss.LoadRunner.Tests;

public class ScheduleTests
{
    [Fact]
    public void ArrivalSchedule_DueTimes_AreEvenlySpacedFromTheStart()
    {
        var schedule = new ArrivalSchedule(1000, TimeSpan.FromSeconds(2));

        Assert.Equal(2000, schedule.Total);
        Assert.Equal(TimeSpan.Zero, schedule.DueAt(0));
        Assert.Equal(TimeSpan.FromMilliseconds(1), schedule.DueAt(1));
        Assert.Equal(TimeSpan.FromSeconds(1), schedule.DueAt(1000));
    }

    [Fact]
    public void ArrivalSchedule_DueBy_CatchesUpAfterAStall_AndStopsAtTheTotal()
    {
        var schedule = new ArrivalSchedule(100, TimeSpan.FromSeconds(1));

        Assert.Equal(1, schedule.DueBy(TimeSpan.Zero));
        Assert.Equal(1, schedule.DueBy(TimeSpan.FromMilliseconds(9)));
        Assert.Equal(2, schedule.DueBy(TimeSpan.FromMilliseconds(10)));
        // A sender that stalled for half a second owes every request that fell due meanwhile, not just the next.
        Assert.Equal(51, schedule.DueBy(TimeSpan.FromMilliseconds(500)));
        Assert.Equal(100, schedule.DueBy(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void StagePlan_RampsLinearlyBetweenTargets_LikeK6RampingVus()
    {
        var plan = new StagePlan(0, [(TimeSpan.FromSeconds(10), 10), (TimeSpan.FromSeconds(10), 50), (TimeSpan.FromSeconds(5), 0)]);

        Assert.Equal(TimeSpan.FromSeconds(25), plan.Total);
        Assert.Equal(50, plan.Peak);
        Assert.Equal(0, plan.TargetAt(TimeSpan.Zero));
        Assert.Equal(5, plan.TargetAt(TimeSpan.FromSeconds(5)));
        Assert.Equal(30, plan.TargetAt(TimeSpan.FromSeconds(15)));
        Assert.Equal(25, plan.TargetAt(TimeSpan.FromSeconds(22.5)));
        Assert.Equal(0, plan.TargetAt(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void StagePlan_ForConstantVus_HoldsThemTheWholeDuration()
    {
        var plan = StagePlan.For(new ScenarioDefinition("s", ScenarioDefinition.Closed, Vus: 64, Duration: "20s"));

        Assert.Equal(64, plan.TargetAt(TimeSpan.Zero));
        Assert.Equal(64, plan.TargetAt(TimeSpan.FromSeconds(19.9)));
        Assert.Equal(TimeSpan.FromSeconds(20), plan.Total);
    }

    [Fact]
    public void WeightedMix_PicksInProportionToWeights()
    {
        var mix = new WeightedMix([new EndpointDefinition("a", "GET", "/a", 3), new EndpointDefinition("b", "GET", "/b", 1)]);

        Assert.Equal("a", mix.Pick(0).Name);
        Assert.Equal("a", mix.Pick(0.74).Name);
        Assert.Equal("b", mix.Pick(0.75).Name);
        Assert.Equal("b", mix.Pick(0.999).Name);
    }
}
