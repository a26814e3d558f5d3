using Bss.Domain.Billing;

namespace Bss.Domain.Tests.Billing;

public class DunningTests
{
    private static readonly Guid InvoiceA = Guid.Parse("d0000000-0000-4000-8000-00000000000a");
    private static readonly Guid InvoiceB = Guid.Parse("d0000000-0000-4000-8000-00000000000b");
    private static readonly Guid Sub1 = Guid.Parse("e0000000-0000-4000-8000-000000000001");
    private static readonly Guid Sub2 = Guid.Parse("e0000000-0000-4000-8000-000000000002");
    private static readonly Guid Sub3 = Guid.Parse("e0000000-0000-4000-8000-000000000003");
    private static readonly DateOnly Due = new(2026, 3, 10);

    private static DunningDecision Decide(DunningState current, DateOnly today, IReadOnlyList<Guid>? active = null, params UnpaidInvoice[] unpaid) =>
        Dunning.Decide(current, unpaid, active ?? [Sub1, Sub2], today, Dunning.DefaultGraceDays);

    [Fact]
    public void DefaultGrace_Is14Days() => Assert.Equal(14, Dunning.DefaultGraceDays);

    [Theory]
    [InlineData("2026-03-10", 0)]
    [InlineData("2026-03-11", 1)]
    [InlineData("2026-03-24", 14)]
    [InlineData("2026-03-25", 15)]
    [InlineData("2026-04-10", 31)]
    public void OverdueDays_IsOneOnTheDayAfterTheDueDate(string today, int expected) =>
        Assert.Equal(expected, Dunning.OverdueDays(Due, DateOnly.Parse(today)));

    [Fact]
    public void OnTheDueDate_NothingIsMarkedOverdue()
    {
        var decision = Decide(DunningState.None, Due, null, new UnpaidInvoice(InvoiceA, Due, false));

        Assert.Empty(decision.MarkOverdue);
        Assert.Same(DunningState.None, decision.Next);
    }

    [Fact]
    public void TheDayAfterTheDueDate_TheInvoiceIsMarkedOverdue()
    {
        var decision = Decide(DunningState.None, Due.AddDays(1), null,
            new UnpaidInvoice(InvoiceA, Due, false), new UnpaidInvoice(InvoiceB, Due.AddDays(1), false));

        Assert.Equal([InvoiceA], decision.MarkOverdue);
        Assert.Equal(DunningStage.None, decision.Next.Stage);
    }

    [Fact]
    public void AnInvoiceAlreadyOverdue_IsNotMarkedAgain()
    {
        var decision = Decide(DunningState.None, Due.AddDays(3), null,
            new UnpaidInvoice(InvoiceA, Due, true), new UnpaidInvoice(InvoiceB, Due, false));

        Assert.Equal([InvoiceB], decision.MarkOverdue);
    }

    [Fact]
    public void Overdue14Days_IsWithinTheGrace_NoSuspension()
    {
        var decision = Decide(DunningState.None, Due.AddDays(14), null, new UnpaidInvoice(InvoiceA, Due, true));

        Assert.Equal(DunningStage.None, decision.Next.Stage);
        Assert.Same(DunningState.None, decision.Next);
    }

    [Fact]
    public void Overdue15Days_SuspendsTheActiveSubscriptionsGivenNow()
    {
        var today = Due.AddDays(15);

        var decision = Decide(DunningState.None, today, [Sub1, Sub3], new UnpaidInvoice(InvoiceA, Due, true));

        Assert.Equal(DunningStage.Suspending, decision.Next.Stage);
        Assert.Equal([Sub1, Sub3], decision.Next.SubscriptionIds);
        Assert.Equal(today, decision.Next.Since);
        Assert.Empty(decision.MarkOverdue);
    }

    [Fact]
    public void Overdue15Days_NotYetMarked_IsMarkedAndSuspendsTheSameDay()
    {
        var decision = Decide(DunningState.None, Due.AddDays(15), null, new UnpaidInvoice(InvoiceA, Due, false));

        Assert.Equal([InvoiceA], decision.MarkOverdue);
        Assert.Equal(DunningStage.Suspending, decision.Next.Stage);
    }

    [Fact]
    public void Suspension_WithNoActiveSubscriptions_ListsNone()
    {
        var decision = Decide(DunningState.None, Due.AddDays(20), [], new UnpaidInvoice(InvoiceA, Due, true));

        Assert.Equal(DunningStage.Suspending, decision.Next.Stage);
        Assert.Empty(decision.Next.SubscriptionIds);
    }

    [Fact]
    public void OwnGrace_IsHonoured()
    {
        var unpaid = new[] { new UnpaidInvoice(InvoiceA, Due, true) };

        Assert.Equal(DunningStage.None, Dunning.Decide(DunningState.None, unpaid, [Sub1], Due.AddDays(3), 3).Next.Stage);
        Assert.Equal(DunningStage.Suspending, Dunning.Decide(DunningState.None, unpaid, [Sub1], Due.AddDays(4), 3).Next.Stage);
        Assert.Equal(DunningStage.Suspending, Dunning.Decide(DunningState.None, unpaid, [Sub1], Due.AddDays(1), 0).Next.Stage);
        Assert.Equal(DunningStage.None, Dunning.Decide(DunningState.None, unpaid, [Sub1], Due, 0).Next.Stage);
    }

    [Theory]
    [InlineData(DunningStage.Suspending)]
    [InlineData(DunningStage.Suspended)]
    public void NothingPastDue_ResumesExactlyTheSuspendedSubscriptions(DunningStage stage)
    {
        var current = new DunningState(stage, [Sub1, Sub2], new DateOnly(2026, 3, 25));
        var today = new DateOnly(2026, 4, 2);

        // Sub3 is active now, but was not suspended by dunning: only Sub1 and Sub2 resume.
        var decision = Decide(current, today, [Sub3]);

        Assert.Equal(DunningStage.Resuming, decision.Next.Stage);
        Assert.Equal([Sub1, Sub2], decision.Next.SubscriptionIds);
        Assert.Equal(today, decision.Next.Since);
    }

    [Fact]
    public void OnlyInvoicesNotYetPastDue_Resume()
    {
        var current = new DunningState(DunningStage.Suspended, [Sub1], new DateOnly(2026, 3, 25));
        var today = new DateOnly(2026, 4, 2);

        var decision = Decide(current, today, [], new UnpaidInvoice(InvoiceB, today, false));

        Assert.Equal(DunningStage.Resuming, decision.Next.Stage);
        Assert.Empty(decision.MarkOverdue);
    }

    [Fact]
    public void SomethingStillPastDue_StaysSuspended()
    {
        var current = new DunningState(DunningStage.Suspended, [Sub1, Sub2], new DateOnly(2026, 3, 25));

        // The invoice that caused the suspension is paid, but another is one day overdue (within the grace).
        var decision = Decide(current, new DateOnly(2026, 4, 2), [Sub3], new UnpaidInvoice(InvoiceB, new DateOnly(2026, 4, 1), false));

        Assert.Same(current, decision.Next);
        Assert.Equal([InvoiceB], decision.MarkOverdue);
    }

    [Fact]
    public void WhileSuspending_StillPastDue_KeepsTheOriginalList()
    {
        var current = new DunningState(DunningStage.Suspending, [Sub1, Sub2], new DateOnly(2026, 3, 25));

        var decision = Decide(current, new DateOnly(2026, 3, 26), [Sub3], new UnpaidInvoice(InvoiceA, Due, true));

        Assert.Same(current, decision.Next);
    }

    [Fact]
    public void NothingUnpaid_WhenNotSuspended_ChangesNothing()
    {
        var decision = Decide(DunningState.None, new DateOnly(2026, 4, 2));

        Assert.Same(DunningState.None, decision.Next);
        Assert.Empty(decision.MarkOverdue);
    }
}
