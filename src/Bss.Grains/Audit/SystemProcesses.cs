using Bss.Abstractions.Common;
using Bss.Grains.Billing;
using Bss.Grains.Orders;
using Bss.Grains.Payments;
using Bss.Grains.ServiceActivations;

namespace Bss.Grains.Audit;

/// <summary>
/// The system processes that change state without a user behind them, by the reminder or timer that runs them. The
/// audit trail names them (<c>system:billing</c>); a state write with no actor at all is recorded as <c>system</c>.
/// </summary>
public static class SystemProcesses
{
    /// <summary>Billing runs, invoice delivery and dunning: account reminders, cycles and their shards.</summary>
    public static readonly string Billing = Actor.System("billing");

    /// <summary>An order's completion plan, resumed after a crash or an unreachable step.</summary>
    public static readonly string OrderCompletion = Actor.System("order-completion");

    /// <summary>A payment's effect on its invoice and account, delivered late.</summary>
    public static readonly string PaymentSync = Actor.System("payment-sync");

    /// <summary>A scheduled service activation reaching its start date.</summary>
    public static readonly string ActivationStart = Actor.System("activation-start");

    // Reminder names are unique across the grains that register them, so the name alone identifies the process.
    private static readonly Dictionary<string, string> ByReminder = new(StringComparer.Ordinal)
    {
        [BillingAccountGrain.DailyReminder] = Billing,
        [BillingCycleGrain.WatchReminder] = Billing,
        [BillingCycleShardGrain.ResumeReminder] = Billing,
        [OrderGrain.CompletionReminder] = OrderCompletion,
        [PaymentGrain.SyncReminder] = PaymentSync,
        [ServiceActivationGrain.StartReminder] = ActivationStart,
    };

    /// <summary>The process a reminder runs; a reminder not listed here is named after itself.</summary>
    public static string OfReminder(string reminderName) =>
        ByReminder.GetValueOrDefault(reminderName) ?? Actor.System(reminderName);

    /// <summary>
    /// Makes <paramref name="process"/> the actor of the work that follows, unless a caller's actor is already set
    /// (a user who asked for the work directly is who made the change).
    /// </summary>
    public static void ActAsIfUnset(string process)
    {
        if (Actor.Current is null)
        {
            Actor.Set(process);
        }
    }
}
