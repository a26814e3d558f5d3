using Bss.Domain.Billing;

namespace Bss.Domain.Tests.Billing;

public class ProrationTests
{
    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private static BillingInterval I(DateOnly start, DateOnly end) => new(start, end);

    private static readonly BillingInterval January = I(D(2026, 1, 1), D(2026, 2, 1));

    [Fact]
    public void Amount_SecondHalfOfJanuary_IsTheFullPriceLessTheRoundedFirstPart()
    {
        // Round(100 × 31/31) − Round(100 × 14/31) = 100.00 − Round(45.1612…) = 100.00 − 45.16 = 54.84.
        Assert.Equal(54.84m, Proration.Amount(100m, January, I(D(2026, 1, 15), D(2026, 2, 1))));
    }

    [Fact]
    public void Amount_FirstPartOfJanuary_IsTheRoundedCumulativeAmount()
    {
        // Round(100 × 14/31) − Round(100 × 0/31) = 45.16 − 0.00; with the 54.84 above it makes 100.00.
        Assert.Equal(45.16m, Proration.Amount(100m, January, I(D(2026, 1, 1), D(2026, 1, 15))));
    }

    [Fact]
    public void Amount_FullPeriod_IsThePrice()
    {
        Assert.Equal(100m, Proration.Amount(100m, January, January));
        Assert.Equal(99_999.99m, Proration.Amount(99_999.99m, January, January));
        // Days beyond the period are not charged: a wider range is still the full price.
        Assert.Equal(100m, Proration.Amount(100m, January, I(D(2025, 12, 1), D(2026, 3, 1))));
        Assert.True(Proration.IsFull(January, January));
        Assert.True(Proration.IsFull(January, I(D(2025, 12, 1), D(2026, 3, 1))));
        Assert.False(Proration.IsFull(January, I(D(2026, 1, 2), D(2026, 2, 1))));
    }

    [Fact]
    public void Amount_EmptyIntersection_IsZero()
    {
        Assert.Equal(0m, Proration.Amount(100m, January, I(D(2026, 2, 1), D(2026, 3, 1))));
        Assert.Equal(0m, Proration.Amount(100m, January, I(D(2025, 12, 1), D(2026, 1, 1))));
        Assert.Equal(0m, Proration.Amount(100m, January, I(D(2026, 1, 10), D(2026, 1, 10))));
        Assert.Equal(0m, Proration.Amount(100m, January, I(D(2026, 1, 20), D(2026, 1, 10))));
    }

    [Fact]
    public void Amount_ZeroPrice_IsZero() => Assert.Equal(0m, Proration.Amount(0m, January, I(D(2026, 1, 5), D(2026, 1, 25))));

    [Fact]
    public void Amount_ThreePiecesOfFebruary_AddUpToThePrice()
    {
        var february = I(D(2026, 2, 1), D(2026, 3, 1)); // 28 days
        // Cumulative: Round(100 × 9/28) = Round(32.142857…) = 32.14; Round(100 × 18/28) = Round(64.285714…) = 64.29.
        var first = Proration.Amount(100m, february, I(D(2026, 2, 1), D(2026, 2, 10)));   // 32.14 − 0
        var second = Proration.Amount(100m, february, I(D(2026, 2, 10), D(2026, 2, 19))); // 64.29 − 32.14
        var third = Proration.Amount(100m, february, I(D(2026, 2, 19), D(2026, 3, 1)));   // 100 − 64.29

        Assert.Equal(32.14m, first);
        Assert.Equal(32.15m, second);
        Assert.Equal(35.71m, third);
        Assert.Equal(100m, first + second + third);
    }

    [Fact]
    public void Amount_OneDayOfThirtyOne()
    {
        // Round(99.99 × 31/31) − Round(99.99 × 30/31) = 99.99 − Round(96.764516…) = 99.99 − 96.76 = 3.23.
        Assert.Equal(3.23m, Proration.Amount(99.99m, January, I(D(2026, 1, 31), D(2026, 2, 1))));
    }

    [Fact]
    public void Amount_RoundsHalfAwayFromZero()
    {
        var fourDays = I(D(2026, 1, 1), D(2026, 1, 5));
        // Cumulative 0.10 × 1/4 = 0.025 → 0.03; × 2/4 = 0.05; × 3/4 = 0.075 → 0.08; × 4/4 = 0.10.
        Assert.Equal(0.03m, Proration.Amount(0.10m, fourDays, I(D(2026, 1, 1), D(2026, 1, 2))));
        Assert.Equal(0.02m, Proration.Amount(0.10m, fourDays, I(D(2026, 1, 2), D(2026, 1, 3))));
        Assert.Equal(0.03m, Proration.Amount(0.10m, fourDays, I(D(2026, 1, 3), D(2026, 1, 4))));
        Assert.Equal(0.02m, Proration.Amount(0.10m, fourDays, I(D(2026, 1, 4), D(2026, 1, 5))));
    }

    [Fact]
    public void Amount_YearlyPeriod()
    {
        var year = I(D(2025, 2, 1), D(2026, 2, 1)); // 365 days
        // Round(1200 × 365/365) − Round(1200 × 348/365) = 1200.00 − Round(1144.109589…) = 1200.00 − 1144.11 = 55.89.
        Assert.Equal(55.89m, Proration.Amount(1200m, year, I(D(2026, 1, 15), D(2026, 2, 1))));
    }

    [Fact]
    public void Amount_CreditForUnusedDays_IsExactlyWhatTheyWereCharged()
    {
        // Cancelled from 2026-01-20: kept Round(100 × 19/31) = Round(61.290322…) = 61.29; credit 100.00 − 61.29 = 38.71.
        var kept = Proration.Amount(100m, January, I(D(2026, 1, 1), D(2026, 1, 20)));
        var credit = Proration.Amount(100m, January, I(D(2026, 1, 20), D(2026, 2, 1)));

        Assert.Equal(61.29m, kept);
        Assert.Equal(38.71m, credit);
        Assert.Equal(Proration.Amount(100m, January, January), kept + credit);
    }
}
