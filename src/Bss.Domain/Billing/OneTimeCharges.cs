using Bss.Domain.Common;

namespace Bss.Domain.Billing;

/// <summary>
/// Which one-time charges an account accepts, and how long it remembers their keys.
/// <para>
/// A charge is accepted once per key: its sender (an order's completion step) repeats it until it has recorded the
/// step done, so a repeat may come after the charge was invoiced. Keys cannot be kept forever, so they are kept by
/// date. A charge carries the date its order's completion began (<see cref="OneTimeCharge.ChargedOn"/>), the same on
/// every repeat. Each run bills every pending charge, and settles the days up to the cycle date before the run's
/// (<see cref="BillingAccountState.ChargesSettledThrough"/>, never moving back): from then on a charge dated on or
/// before that day is refused, and the keys of charges so dated are forgotten.
/// </para>
/// <para>
/// Why a forgotten key can never bill twice: a key is forgotten only once its date D is settled. Its charge was then
/// accepted before (it is remembered) and, since every run bills every pending charge, invoiced by the run that settled
/// D or earlier. Any later arrival of that key carries the same date D, which is settled, so it is refused, not billed.
/// The price of that: a charge whose first arrival comes after its date is settled — a completion that began before
/// one cycle date and reached its charge step only after the next cycle's run — is refused too (409, the order's step
/// fails with the reason) and must be billed by hand. Waiting a whole cycle before settling makes that rare.
/// </para>
/// </summary>
public static class OneTimeCharges
{
    /// <summary>The account with the charge pending, the account itself (a repeat: nothing to change), or a refusal.</summary>
    public static Result<BillingAccountState> Accept(BillingAccountState current, OneTimeCharge charge, Func<BillingAccountState, BillingAccountState> nextVersion)
    {
        if (current.ChargeKeys.Contains(charge.Key) || current.DatedChargeKeys.ContainsKey(charge.Key))
        {
            return Result<BillingAccountState>.Ok(current);
        }

        if (current.ChargesSettledThrough is { } settled && charge.ChargedOn <= settled)
        {
            return new DomainError(ErrorKind.Conflict,
                $"One-time charge {charge.Key} is dated {charge.ChargedOn:yyyy-MM-dd}, in a period already settled (through " +
                $"{settled:yyyy-MM-dd}): it was billed already, or must be billed by hand.",
                new Dictionary<string, string[]> { ["chargedOn"] = ["falls in a period already settled"] });
        }

        var next = nextVersion(current);
        next.PendingCharges = current.PendingCharges.Append(charge).ToList();
        next.DatedChargeKeys = new Dictionary<string, DateOnly>(current.DatedChargeKeys) { [charge.Key] = charge.ChargedOn };
        return Result<BillingAccountState>.Ok(next);
    }

    /// <summary>
    /// After a run as of <paramref name="cycleDate"/> has taken every pending charge: settles the days through the cycle
    /// date before it and forgets the keys so dated. <paramref name="next"/> is the run's new account state.
    /// </summary>
    public static void Settle(BillingAccountState next, DateOnly cycleDate)
    {
        var through = BillingCalendar.CycleDateOnOrBefore(cycleDate.AddDays(-1), next.BillCycleDay);
        if (next.ChargesSettledThrough is { } settled && settled >= through)
        {
            return;
        }

        next.ChargesSettledThrough = through;
        if (next.DatedChargeKeys.Values.Any(d => d <= through))
        {
            next.DatedChargeKeys = next.DatedChargeKeys.Where(k => k.Value > through).ToDictionary(k => k.Key, k => k.Value);
        }
    }
}
