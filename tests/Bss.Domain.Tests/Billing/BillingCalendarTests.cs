using Bss.Domain.Billing;
using Bss.Domain.Products;

namespace Bss.Domain.Tests.Billing;

public class BillingCalendarTests
{
    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Theory]
    [InlineData(2026, 1, 31, 31)]
    [InlineData(2026, 2, 31, 28)] // February of a common year
    [InlineData(2026, 2, 29, 28)]
    [InlineData(2028, 2, 31, 29)] // 2028 is a leap year
    [InlineData(2028, 2, 30, 29)]
    [InlineData(2028, 2, 29, 29)]
    [InlineData(2026, 4, 31, 30)]
    [InlineData(2026, 4, 30, 30)]
    [InlineData(2026, 5, 31, 31)]
    [InlineData(2026, 6, 1, 1)]
    [InlineData(2026, 6, 15, 15)]
    public void CycleDate_DayPastTheMonthsEnd_IsItsLastDay(int year, int month, int cycleDay, int expectedDay) =>
        Assert.Equal(D(year, month, expectedDay), BillingCalendar.CycleDate(year, month, cycleDay));

    [Theory]
    [InlineData("2026-01-31", 1, 31, "2026-02-28")]
    [InlineData("2026-02-28", 1, 31, "2026-03-31")] // the day comes back after a short month
    [InlineData("2028-01-31", 1, 31, "2028-02-29")]
    [InlineData("2026-01-15", -1, 31, "2025-12-31")]
    [InlineData("2026-01-15", -13, 5, "2024-12-05")]
    [InlineData("2026-11-20", 2, 15, "2027-01-15")]
    [InlineData("2026-11-30", 3, 31, "2027-02-28")]
    [InlineData("2026-03-31", 0, 30, "2026-03-30")]
    public void CycleDate_MonthsAway_TakesTheCycleDayOfThatMonth(string date, int months, int cycleDay, string expected) =>
        Assert.Equal(DateOnly.Parse(expected), BillingCalendar.CycleDate(DateOnly.Parse(date), months, cycleDay));

    [Theory]
    [InlineData("2026-02-28", 31, true)]
    [InlineData("2026-02-28", 28, true)]
    [InlineData("2026-02-28", 29, true)]
    [InlineData("2026-02-27", 31, false)]
    [InlineData("2028-02-28", 31, false)] // leap year: day 31 bills on the 29th
    [InlineData("2028-02-29", 30, true)]
    [InlineData("2026-04-30", 31, true)]
    [InlineData("2026-04-30", 30, true)]
    [InlineData("2026-03-30", 31, false)]
    [InlineData("2026-03-15", 15, true)]
    [InlineData("2026-03-15", 14, false)]
    public void IsCycleDate(string date, int cycleDay, bool expected) =>
        Assert.Equal(expected, BillingCalendar.IsCycleDate(DateOnly.Parse(date), cycleDay));

    [Theory]
    [InlineData("2026-03-15", 31, "2026-02-28")]
    [InlineData("2026-03-31", 31, "2026-03-31")]
    [InlineData("2026-03-30", 31, "2026-02-28")]
    [InlineData("2026-02-28", 31, "2026-02-28")]
    [InlineData("2026-02-27", 31, "2026-01-31")]
    [InlineData("2028-02-28", 31, "2028-01-31")]
    [InlineData("2028-02-29", 31, "2028-02-29")]
    [InlineData("2026-05-01", 31, "2026-04-30")]
    [InlineData("2026-01-10", 15, "2025-12-15")]
    [InlineData("2026-01-15", 15, "2026-01-15")]
    [InlineData("2026-01-01", 1, "2026-01-01")]
    public void CycleDateOnOrBefore(string date, int cycleDay, string expected) =>
        Assert.Equal(DateOnly.Parse(expected), BillingCalendar.CycleDateOnOrBefore(DateOnly.Parse(date), cycleDay));

    [Theory]
    [InlineData("2026-01-31", 31, "2026-02-28")]
    [InlineData("2026-02-27", 31, "2026-02-28")]
    [InlineData("2026-02-28", 31, "2026-03-31")]
    [InlineData("2028-01-31", 30, "2028-02-29")]
    [InlineData("2028-02-28", 31, "2028-02-29")]
    [InlineData("2026-04-29", 31, "2026-04-30")]
    [InlineData("2026-04-30", 31, "2026-05-31")]
    [InlineData("2026-12-20", 15, "2027-01-15")]
    [InlineData("2026-01-15", 15, "2026-02-15")] // strictly after
    [InlineData("2026-01-14", 15, "2026-01-15")]
    public void CycleDateAfter(string date, int cycleDay, string expected) =>
        Assert.Equal(DateOnly.Parse(expected), BillingCalendar.CycleDateAfter(DateOnly.Parse(date), cycleDay));

    [Theory]
    [InlineData("2026-02-28", new[] { 28, 29, 30, 31 })]
    [InlineData("2028-02-28", new[] { 28 })]
    [InlineData("2028-02-29", new[] { 29, 30, 31 })]
    [InlineData("2026-04-30", new[] { 30, 31 })]
    [InlineData("2026-04-29", new[] { 29 })]
    [InlineData("2026-03-31", new[] { 31 })]
    [InlineData("2026-03-30", new[] { 30 })]
    [InlineData("2026-03-15", new[] { 15 })]
    [InlineData("2026-03-01", new[] { 1 })]
    public void CycleDaysBillingOn(string date, int[] expected) =>
        Assert.Equal(expected, BillingCalendar.CycleDaysBillingOn(DateOnly.Parse(date)));

    [Fact]
    public void CycleDaysBillingOn_EveryCycleDayBillsOnItsCycleDateAndNoOtherDayOfTheMonth()
    {
        for (var day = D(2026, 1, 1); day <= D(2028, 12, 31); day = day.AddDays(1))
        {
            var billing = BillingCalendar.CycleDaysBillingOn(day);
            for (var cycleDay = 1; cycleDay <= 31; cycleDay++)
            {
                Assert.Equal(BillingCalendar.IsCycleDate(day, cycleDay), billing.Contains(cycleDay));
            }
        }
    }

    [Theory]
    [InlineData("2026-01-15", 1, "2026-02-01")]
    [InlineData("2026-01-01", 1, "2026-01-01")]
    [InlineData("2026-02-01", 31, "2026-02-28")]
    [InlineData("2026-03-01", 31, "2026-03-31")]
    [InlineData("2026-04-30", 31, "2026-04-30")]
    [InlineData("2028-02-29", 30, "2028-02-29")]
    [InlineData("2026-12-20", 15, "2027-01-15")]
    [InlineData("2026-12-15", 15, "2026-12-15")]
    public void Anchor_IsTheFirstCycleDateOnOrAfterTheBillingStart(string billingStart, int cycleDay, string expected) =>
        Assert.Equal(DateOnly.Parse(expected), BillingCalendar.Anchor(DateOnly.Parse(billingStart), cycleDay));

    [Theory]
    [InlineData(BillingPeriod.Monthly, 1)]
    [InlineData(BillingPeriod.Quarterly, 3)]
    [InlineData(BillingPeriod.Yearly, 12)]
    public void Months(BillingPeriod period, int expected) => Assert.Equal(expected, BillingCalendar.Months(period));

    [Fact]
    public void Months_OneTime_HasNoPeriods() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BillingCalendar.Months(BillingPeriod.OneTime));

    [Theory]
    // Monthly, cycle day 1, anchored on 2026-01-01.
    [InlineData("2026-01-01", "2026-01-01", 1, 1, "2026-01-01", "2026-02-01")]
    [InlineData("2026-01-31", "2026-01-01", 1, 1, "2026-01-01", "2026-02-01")]
    [InlineData("2026-02-01", "2026-01-01", 1, 1, "2026-02-01", "2026-03-01")]
    [InlineData("2025-12-15", "2026-01-01", 1, 1, "2025-12-01", "2026-01-01")] // before the anchor: k = −1
    [InlineData("2025-01-15", "2026-01-01", 1, 1, "2025-01-01", "2025-02-01")] // k = −12
    // Monthly, cycle day 31, anchored on 2026-01-31.
    [InlineData("2026-01-31", "2026-01-31", 1, 31, "2026-01-31", "2026-02-28")]
    [InlineData("2026-02-27", "2026-01-31", 1, 31, "2026-01-31", "2026-02-28")]
    [InlineData("2026-02-28", "2026-01-31", 1, 31, "2026-02-28", "2026-03-31")]
    [InlineData("2026-03-30", "2026-01-31", 1, 31, "2026-02-28", "2026-03-31")]
    [InlineData("2026-03-31", "2026-01-31", 1, 31, "2026-03-31", "2026-04-30")]
    [InlineData("2026-05-01", "2026-01-31", 1, 31, "2026-04-30", "2026-05-31")]
    [InlineData("2026-01-30", "2026-01-31", 1, 31, "2025-12-31", "2026-01-31")] // before the anchor, same month: k = 0 then −1
    [InlineData("2025-11-30", "2026-01-31", 1, 31, "2025-11-30", "2025-12-31")]
    [InlineData("2028-02-28", "2028-01-31", 1, 31, "2028-01-31", "2028-02-29")]
    [InlineData("2028-02-29", "2028-01-31", 1, 31, "2028-02-29", "2028-03-31")]
    // Quarterly, cycle day 15, anchored on 2026-02-15.
    [InlineData("2026-02-15", "2026-02-15", 3, 15, "2026-02-15", "2026-05-15")]
    [InlineData("2026-05-14", "2026-02-15", 3, 15, "2026-02-15", "2026-05-15")]
    [InlineData("2026-05-15", "2026-02-15", 3, 15, "2026-05-15", "2026-08-15")]
    [InlineData("2026-02-14", "2026-02-15", 3, 15, "2025-11-15", "2026-02-15")]
    [InlineData("2026-01-01", "2026-02-15", 3, 15, "2025-11-15", "2026-02-15")]
    [InlineData("2025-11-14", "2026-02-15", 3, 15, "2025-08-15", "2025-11-15")]
    // Quarterly, cycle day 31, anchored on 2025-11-30.
    [InlineData("2026-02-27", "2025-11-30", 3, 31, "2025-11-30", "2026-02-28")]
    [InlineData("2026-02-28", "2025-11-30", 3, 31, "2026-02-28", "2026-05-31")]
    [InlineData("2025-08-30", "2025-11-30", 3, 31, "2025-05-31", "2025-08-31")] // k = −1 then −2
    [InlineData("2025-08-31", "2025-11-30", 3, 31, "2025-08-31", "2025-11-30")]
    // Yearly, cycle day 1, anchored on 2026-02-01.
    [InlineData("2026-01-15", "2026-02-01", 12, 1, "2025-02-01", "2026-02-01")]
    [InlineData("2026-02-01", "2026-02-01", 12, 1, "2026-02-01", "2027-02-01")]
    [InlineData("2027-01-31", "2026-02-01", 12, 1, "2026-02-01", "2027-02-01")]
    [InlineData("2024-01-01", "2026-02-01", 12, 1, "2023-02-01", "2024-02-01")]
    // Yearly, cycle day 31, anchored on leap day 2028-02-29.
    [InlineData("2029-02-27", "2028-02-29", 12, 31, "2028-02-29", "2029-02-28")]
    [InlineData("2029-02-28", "2028-02-29", 12, 31, "2029-02-28", "2030-02-28")]
    [InlineData("2028-02-28", "2028-02-29", 12, 31, "2027-02-28", "2028-02-29")]
    public void PeriodContaining(string day, string anchor, int months, int cycleDay, string start, string end)
    {
        var period = BillingCalendar.PeriodContaining(DateOnly.Parse(day), DateOnly.Parse(anchor), months, cycleDay);

        Assert.Equal(new BillingInterval(DateOnly.Parse(start), DateOnly.Parse(end)), period);
    }

    [Fact]
    public void BillingInterval_IsHalfOpen()
    {
        var january = new BillingInterval(D(2026, 1, 1), D(2026, 2, 1));

        Assert.Equal(31, january.Days);
        Assert.Equal(D(2026, 1, 31), january.LastDay);
        Assert.False(january.IsEmpty);
        Assert.True(new BillingInterval(D(2026, 1, 1), D(2026, 1, 1)).IsEmpty);
        Assert.Equal(new BillingInterval(D(2026, 1, 15), D(2026, 2, 1)), january.Intersect(new BillingInterval(D(2026, 1, 15), D(2026, 3, 1))));
        Assert.True(january.Intersect(new BillingInterval(D(2026, 2, 1), D(2026, 3, 1))).IsEmpty);
        Assert.True(january.Intersect(new BillingInterval(D(2026, 3, 1), D(2026, 4, 1))).IsEmpty);
    }
}
