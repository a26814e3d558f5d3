namespace Bss.Domain.Billing;

/// <summary>An unpaid invoice of the account, as dunning sees it.</summary>
[GenerateSerializer, Immutable]
public sealed record UnpaidInvoice(
    [property: Id(0)] Guid InvoiceId,
    [property: Id(1)] DateOnly DueDate,
    [property: Id(2)] bool IsOverdue);

/// <summary>What dunning does on a day: invoices to mark OVERDUE, and the account's next dunning state.</summary>
public sealed record DunningDecision(IReadOnlyList<Guid> MarkOverdue, DunningState Next);

/// <summary>
/// Dunning: an invoice unpaid after its due date becomes OVERDUE (the day after it was due); once an invoice has
/// been overdue for the grace period, the customer's ACTIVE subscriptions are suspended with reason DUNNING and the
/// customer is SUSPENDED; when nothing is past due any more, exactly those subscriptions resume.
/// </summary>
public static class Dunning
{
    public const int DefaultGraceDays = 14;

    public static DunningDecision Decide(DunningState current, IReadOnlyList<UnpaidInvoice> unpaid, IReadOnlyList<Guid> activeSubscriptions,
        DateOnly today, int graceDays)
    {
        var pastDue = unpaid.Where(i => i.DueDate < today).ToList();
        var markOverdue = pastDue.Where(i => !i.IsOverdue).Select(i => i.InvoiceId).ToList();
        var beyondGrace = pastDue.Any(i => OverdueDays(i.DueDate, today) > graceDays);
        var next = current.Stage switch
        {
            DunningStage.None when beyondGrace => new DunningState(DunningStage.Suspending, activeSubscriptions, today),
            DunningStage.Suspending or DunningStage.Suspended when pastDue.Count == 0 => current with { Stage = DunningStage.Resuming, Since = today },
            _ => current,
        };
        return new DunningDecision(markOverdue, next);
    }

    /// <summary>Days an invoice has been overdue: 1 on the day after its due date.</summary>
    public static int OverdueDays(DateOnly dueDate, DateOnly today) => today.DayNumber - dueDate.DayNumber;
}
