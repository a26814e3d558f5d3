using Bss.Domain.Common;

namespace Bss.Domain.Billing;

/// <summary>
/// Proration by days. The amount for the days [from, to) of a period is the rounded cumulative amount at
/// <c>to</c> less the rounded cumulative amount at <c>from</c>: Round(price × daysTo / periodDays) −
/// Round(price × daysFrom / periodDays). The pieces of any split of a period therefore add up to the full price
/// exactly, and a credit for unused days is exactly what those days were charged.
/// </summary>
public static class Proration
{
    public static decimal Amount(decimal pricePerPeriod, BillingInterval period, BillingInterval days)
    {
        var part = period.Intersect(days);
        if (part.IsEmpty)
        {
            return 0m;
        }

        return Cumulative(pricePerPeriod, period, part.End) - Cumulative(pricePerPeriod, period, part.Start);
    }

    public static bool IsFull(BillingInterval period, BillingInterval days) => period.Intersect(days) == period;

    private static decimal Cumulative(decimal price, BillingInterval period, DateOnly day) =>
        day >= period.End ? price : Money.Round(price * (day.DayNumber - period.Start.DayNumber) / period.Days);
}
