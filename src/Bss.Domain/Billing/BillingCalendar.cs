using Bss.Domain.Products;

namespace Bss.Domain.Billing;

/// <summary>
/// Dates of billing. An account bills on its cycle day each month; a day past a month's end means that month's
/// last day (day 31 bills on 28 or 29 February, 30 April, 31 May). A subscription's periods are anchored on the
/// account's cycle dates: a MONTHLY one runs from one cycle date to the next, a QUARTERLY one three cycle dates on,
/// a YEARLY one twelve. Every interval here is half-open: [start, end).
/// </summary>
public static class BillingCalendar
{
    public const int MinCycleDay = 1;
    public const int MaxCycleDay = 31;

    public static DateOnly CycleDate(int year, int month, int cycleDay) =>
        new(year, month, Math.Min(cycleDay, DateTime.DaysInMonth(year, month)));

    /// <summary>The cycle date <paramref name="months"/> months after (or before) the month of <paramref name="date"/>.</summary>
    public static DateOnly CycleDate(DateOnly date, int months, int cycleDay)
    {
        var index = MonthIndex(date) + months;
        return CycleDate(index / 12, (index % 12) + 1, cycleDay);
    }

    public static bool IsCycleDate(DateOnly date, int cycleDay) => CycleDate(date.Year, date.Month, cycleDay) == date;

    /// <summary>The last cycle date on or before <paramref name="date"/>.</summary>
    public static DateOnly CycleDateOnOrBefore(DateOnly date, int cycleDay)
    {
        var thisMonth = CycleDate(date.Year, date.Month, cycleDay);
        return thisMonth <= date ? thisMonth : CycleDate(date, -1, cycleDay);
    }

    /// <summary>The first cycle date after <paramref name="date"/>.</summary>
    public static DateOnly CycleDateAfter(DateOnly date, int cycleDay) => CycleDate(CycleDateOnOrBefore(date, cycleDay), 1, cycleDay);

    /// <summary>The cycle days that bill on <paramref name="date"/>: its day, and on a month's last day every later day too.</summary>
    public static IReadOnlyList<int> CycleDaysBillingOn(DateOnly date)
    {
        var last = DateTime.DaysInMonth(date.Year, date.Month);
        return date.Day < last ? [date.Day] : Enumerable.Range(date.Day, MaxCycleDay - date.Day + 1).ToList();
    }

    public static int Months(BillingPeriod period) => period switch
    {
        BillingPeriod.Monthly => 1,
        BillingPeriod.Quarterly => 3,
        BillingPeriod.Yearly => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, "a one-time charge has no periods"),
    };

    /// <summary>
    /// The period containing <paramref name="day"/> of a subscription whose first full period starts on
    /// <paramref name="anchor"/> (a cycle date): [anchor + k·months, anchor + (k+1)·months) for the k that holds it.
    /// </summary>
    public static BillingInterval PeriodContaining(DateOnly day, DateOnly anchor, int months, int cycleDay)
    {
        var k = FloorDiv(MonthIndex(day) - MonthIndex(anchor), months);
        var start = CycleDate(anchor, k * months, cycleDay);
        if (start > day)
        {
            k--;
            start = CycleDate(anchor, k * months, cycleDay);
        }

        return new BillingInterval(start, CycleDate(anchor, (k + 1) * months, cycleDay));
    }

    /// <summary>The first cycle date on or after a subscription's billing start: where its periods are anchored.</summary>
    public static DateOnly Anchor(DateOnly billingStart, int cycleDay)
    {
        var thisMonth = CycleDate(billingStart.Year, billingStart.Month, cycleDay);
        return thisMonth >= billingStart ? thisMonth : CycleDate(billingStart, 1, cycleDay);
    }

    private static int MonthIndex(DateOnly date) => (date.Year * 12) + date.Month - 1;

    private static int FloorDiv(int a, int b) => (a / b) - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);
}

/// <summary>The days [Start, End): End is the first day not included.</summary>
[GenerateSerializer, Immutable]
public readonly record struct BillingInterval(
    [property: Id(0)] DateOnly Start,
    [property: Id(1)] DateOnly End)
{
    public int Days => End.DayNumber - Start.DayNumber;

    public bool IsEmpty => End <= Start;

    /// <summary>The last day included, as invoices show periods.</summary>
    public DateOnly LastDay => End.AddDays(-1);

    public BillingInterval Intersect(BillingInterval other) =>
        new(Start > other.Start ? Start : other.Start, End < other.End ? End : other.End);
}
