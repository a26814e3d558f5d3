using Bss.Domain.Billing;
using Bss.Domain.Common;
using Bss.Domain.Invoices;
using Bss.Domain.Products;
using Bss.Domain.Subscriptions;
using FsCheck.Xunit;

namespace Bss.Domain.Tests.Billing;

public class BillingPropertyTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 6, 0, 0, TimeSpan.Zero);

    // ---- The calendar -------------------------------------------------------------------------------------------

    [Property(Arbitrary = [typeof(BillingArbitraries)], MaxTest = 500)]
    public void PeriodContaining_HoldsTheDay_AndRunsBetweenCycleDatesMonthsApart(ProrationCase c)
    {
        var period = c.PeriodInterval;
        var months = BillingCalendar.Months(c.Period);

        Assert.True(period.Start <= c.Day && c.Day < period.End);
        Assert.True(BillingCalendar.IsCycleDate(period.Start, c.CycleDay));
        Assert.True(BillingCalendar.IsCycleDate(period.End, c.CycleDay));
        Assert.Equal(BillingCalendar.CycleDate(period.Start, months, c.CycleDay), period.End);
        // Anchored: the anchor is a period boundary too, a whole number of periods away.
        var monthsFromAnchor = MonthIndex(period.Start) - MonthIndex(c.Anchor);
        Assert.Equal(0, ((monthsFromAnchor % months) + months) % months);
        Assert.Equal(period, BillingCalendar.PeriodContaining(period.Start, c.Anchor, months, c.CycleDay));
        Assert.Equal(period, BillingCalendar.PeriodContaining(period.LastDay, c.Anchor, months, c.CycleDay));
    }

    // ---- (a) Proration adds up ----------------------------------------------------------------------------------

    [Property(Arbitrary = [typeof(BillingArbitraries)], MaxTest = 500)]
    public void Proration_AnySplitOfAPeriod_AddsUpToThePriceExactly(ProrationCase c)
    {
        var period = c.PeriodInterval;
        var split = period.Start.AddDays(Math.Clamp(c.Cuts[0], 0, period.Days));

        var before = Proration.Amount(c.Price, period, new BillingInterval(period.Start, split));
        var after = Proration.Amount(c.Price, period, new BillingInterval(split, period.End));

        Assert.Equal(c.Price, before + after);
        Assert.True(Math.Abs(c.Price - (before + after)) <= 0.01m);
        foreach (var (piece, days) in new[] { (before, split.DayNumber - period.Start.DayNumber), (after, period.End.DayNumber - split.DayNumber) })
        {
            AssertCents(piece);
            Assert.InRange(piece, 0m, c.Price);
            // Each piece is within a cent of its exact share.
            Assert.True(Math.Abs(piece - (c.Price * days / period.Days)) <= 0.01m, $"{piece} for {days} of {period.Days} days");
        }
    }

    [Property(Arbitrary = [typeof(BillingArbitraries)], MaxTest = 500)]
    public void Proration_AnyPartitionIntoKPieces_AddsUpToThePriceExactly(ProrationCase c)
    {
        var period = c.PeriodInterval;
        // Cut points anywhere from 40 days before the period to 40 days after it; the outer pieces hold the period's edges.
        var points = c.Cuts.Select(period.Start.AddDays).Append(period.Start.AddDays(-41)).Append(period.End.AddDays(41)).Order().ToList();

        var pieces = points.Zip(points.Skip(1), (from, to) => Proration.Amount(c.Price, period, new BillingInterval(from, to))).ToList();

        Assert.Equal(c.Price, pieces.Sum());
        Assert.All(pieces, p => Assert.InRange(p, 0m, c.Price));
        Assert.All(pieces, AssertCents);
    }

    // ---- (b) Every generated invoice adds up ----------------------------------------------------------------------

    [Property(Arbitrary = [typeof(BillingArbitraries)], MaxTest = 200)]
    public void EveryInvoiceARunProduces_AddsUpExactly_AndTheAccountCreditFollows(AccountCase c)
    {
        var account = Account(c);
        foreach (var date in c.RunDates)
        {
            var decision = Decide(account, c, date);
            CheckDecision(account, decision);
            account = decision.Account;
        }
    }

    // ---- (c) What is charged over time is what the days cost ------------------------------------------------------

    [Property(Arbitrary = [typeof(BillingArbitraries)], MaxTest = 300)]
    public void BillingOnConsecutiveCycleDates_ChargesNetExactlyTheProratedDays(HistoryCase c)
    {
        var id = Guid.Parse("a1b2c3d4-0001-4000-8000-000000000001");
        var account = new BillingAccountState { Id = BillingTestData.CustomerId, CustomerId = BillingTestData.CustomerId, BillCycleDay = c.CycleDay, Version = 1 };
        var runDates = Enumerable.Range(0, c.Runs).Select(i => OwnCycleDate(MonthIndex(OwnCycleDateOnOrBefore(c.Start, c.CycleDay)) + i, c.CycleDay)).ToList();
        decimal charged = 0, credited = 0;
        var lastTerms = new List<SubscriptionTerm>();
        DateOnly? lastEnd = null;
        foreach (var date in runDates)
        {
            var terms = new List<SubscriptionTerm> { new(c.Start, BillingTestData.Mobile100, c.Price, 0m) };
            terms.AddRange(c.Changes.Where(x => x.Known <= date).Select(x => new SubscriptionTerm(x.From, x.ProductId, x.Price, 0m)));
            DateOnly? end = c.EndKnown <= date ? c.End : null;
            var subscription = new SubscriptionState
            {
                Id = id,
                SubscriptionNumber = "SUB-0001",
                CustomerId = BillingTestData.CustomerId,
                ProductId = terms[^1].ProductId,
                Status = end is { } e && e <= date ? SubscriptionStatus.Cancelled : SubscriptionStatus.Active,
                StartDate = c.Start,
                BillingStart = c.Start,
                BillingPeriod = c.Period,
                Price = terms[^1].Price,
                Currency = "PLN",
                Terms = terms.Count == 1 ? [] : terms,
                EndDate = end,
                Version = 1,
            };
            var input = new BillingInput("Jan Kowalski", [subscription], new Dictionary<Guid, ProductFacts>());

            var decision = Decide(account, input, date);

            foreach (var invoice in decision.Invoices)
            {
                var amount = invoice.Draft.Items.Where(l => l.SubscriptionId == id).Sum(l => l.NetAmount);
                if (invoice.Type == InvoiceType.CreditNote)
                {
                    credited += amount;
                }
                else
                {
                    charged += amount;
                }
            }

            account = decision.Account;
            lastTerms = terms;
            lastEnd = end;
        }

        // Independently: billed in advance to the end of the period holding the last run, or to the end date when known.
        var lastRun = runDates[^1];
        var until = lastRun < c.Start ? c.Start : OwnPeriods(c.Start, c.CycleDay, c.Period).First(p => p.End > lastRun).End;
        if (lastEnd is { } known && known < until)
        {
            until = known;
        }

        var expected = 0m;
        var ordered = lastTerms.OrderBy(t => t.From).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            var from = ordered[i].From;
            var to = i + 1 < ordered.Count ? ordered[i + 1].From : DateOnly.MaxValue;
            expected += OwnProratedSum(ordered[i].Price, c.Start, c.CycleDay, c.Period, Max(from, c.Start), Min(to, until));
        }

        Assert.Equal(expected, charged - credited);
        Assert.Equal(until > c.Start ? until : null, account.Subscriptions.GetValueOrDefault(id)?.BilledUntil);
    }

    // ---- (d) Idempotence -----------------------------------------------------------------------------------------

    [Property(Arbitrary = [typeof(BillingArbitraries)], MaxTest = 200)]
    public void RunningTwiceOnADate_OrOnAnEarlierDateAfterALaterOne_ProducesNothingMore(AccountCase c)
    {
        var account = Account(c);
        for (var i = 0; i < c.RunDates.Count; i++)
        {
            var date = c.RunDates[i];
            var decision = Decide(account, c, date);

            var again = Decide(decision.Account, c, date);
            Assert.Empty(again.Invoices);
            Assert.Equal(decision.Account.Credit, again.Account.Credit);

            // The same subscriptions as the later run saw, billed as of an earlier day.
            var earlier = Decide(decision.Account, c.InputAt(date), date.AddDays(-c.EarlierBy[i]));
            Assert.DoesNotContain(earlier.Invoices, inv => inv.Type == InvoiceType.CreditNote);
            Assert.Empty(earlier.Invoices);

            account = decision.Account;
        }
    }

    // ---- Checks ---------------------------------------------------------------------------------------------------

    private static void CheckDecision(BillingAccountState before, BillingDecision decision)
    {
        var run = before.Runs + 1;
        Assert.True(decision.Invoices.Count <= 2);
        Assert.Equal(decision.Invoices.Count, decision.Invoices.Select(i => i.Type).Distinct().Count());
        foreach (var invoice in decision.Invoices)
        {
            Assert.Contains(invoice.Type, new[] { InvoiceType.Recurring, InvoiceType.CreditNote });
            Assert.Equal(BillingRun.InvoiceId(before.CustomerId, run, invoice.Type), invoice.InvoiceId);
            CheckInvoice(invoice);
        }

        var creditNote = decision.Invoices.SingleOrDefault(i => i.Type == InvoiceType.CreditNote);
        var recurring = decision.Invoices.SingleOrDefault(i => i.Type == InvoiceType.Recurring);
        var creditNoteValue = creditNote is null ? 0m : Invoice.Totals(creditNote.Draft.Items).Total;
        if (creditNote is not null)
        {
            Assert.Equal(creditNoteValue, creditNote.CreditApplied);
            Assert.True(creditNoteValue > 0);
            Assert.All(creditNote.Draft.Items, l => Assert.StartsWith("Credit: ", l.Description, StringComparison.Ordinal));
        }

        var credit = before.Credit;
        if (credit < 0 && recurring is not null)
        {
            var balance = Assert.Single(recurring.Draft.Items, l => l.Description == "Balance brought forward");
            Assert.Equal(-credit, balance.UnitPrice);
            credit = 0;
        }

        credit += creditNoteValue;
        var recurringTotal = recurring is null ? 0m : Invoice.Totals(recurring.Draft.Items).Total;
        var applied = recurring?.CreditApplied ?? 0m;
        Assert.Equal(Math.Min(Math.Max(credit, 0m), recurringTotal), applied);
        Assert.InRange(applied, 0m, Math.Max(recurringTotal, 0m));
        Assert.Equal(credit - applied, decision.Account.Credit);
        Assert.Equal(before.TotalInvoiced + recurringTotal, decision.Account.TotalInvoiced);
        Assert.Equal(before.InvoicesGenerated + decision.Invoices.Count, decision.Account.InvoicesGenerated);
        Assert.Empty(decision.Account.PendingCharges);
    }

    private static void CheckInvoice(GeneratedInvoice invoice)
    {
        var lines = invoice.Draft.Items;
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            AssertCents(line.UnitPrice);
            AssertCents(line.NetAmount);
            AssertCents(line.DiscountAmount);
            AssertCents(line.TaxAmount);
            AssertCents(line.GrossAmount);
            Assert.Equal(Math.Round(line.Quantity, 3), line.Quantity);
            Assert.InRange(line.DiscountAmount, 0m, line.NetAmount);
        }

        var subtotal = lines.Sum(l => l.NetAmount);
        var discount = lines.Sum(l => l.DiscountAmount);
        var tax = lines.Sum(l => l.TaxAmount);
        var totals = Invoice.Totals(lines);
        Assert.Equal((subtotal, discount, tax), (totals.Subtotal, totals.Discount, totals.Tax));
        Assert.Equal(totals.Subtotal - totals.Discount + totals.Tax, totals.Total);
        Assert.Equal(lines.Sum(l => l.GrossAmount), totals.Total);
        AssertCents(totals.Total);
        // What a run decides must be creatable as an invoice.
        var errors = Invoice.Validate(invoice.Draft);
        Assert.True(errors.IsEmpty, errors.Summary());
        if (invoice.Draft.BillingPeriodStart is { } start && invoice.Draft.BillingPeriodEnd is { } end)
        {
            Assert.True(start <= end);
        }
    }

    private static void AssertCents(decimal amount) => Assert.Equal(Money.Round(amount), amount);

    private static BillingAccountState Account(AccountCase c) => new()
    {
        Id = BillingTestData.CustomerId,
        CustomerId = BillingTestData.CustomerId,
        BillCycleDay = c.CycleDay,
        Credit = c.Credit,
        PendingCharges = c.Pending,
        UnratedUsage = BillingTestData.UsageById(c.Usage),
        Version = 1,
    };

    private static BillingDecision Decide(BillingAccountState account, AccountCase c, DateOnly date) =>
        Decide(account, c.InputAt(date), date);

    private static BillingDecision Decide(BillingAccountState account, BillingInput input, DateOnly date)
    {
        var result = BillingRun.Decide(account, input, date, Now);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value;
    }

    // ---- An independent calendar and proration, for the expectations --------------------------------------------

    private static int MonthIndex(DateOnly date) => (date.Year * 12) + date.Month - 1;

    private static DateOnly OwnCycleDate(int monthIndex, int cycleDay)
    {
        var year = monthIndex / 12;
        var month = (monthIndex % 12) + 1;
        return new DateOnly(year, month, Math.Min(cycleDay, DateTime.DaysInMonth(year, month)));
    }

    private static DateOnly OwnCycleDateOnOrBefore(DateOnly date, int cycleDay)
    {
        var thisMonth = OwnCycleDate(MonthIndex(date), cycleDay);
        return thisMonth <= date ? thisMonth : OwnCycleDate(MonthIndex(date) - 1, cycleDay);
    }

    /// <summary>The subscription's periods from the one holding its start on: anchored on the first cycle date on or after it.</summary>
    private static IEnumerable<(DateOnly Start, DateOnly End)> OwnPeriods(DateOnly start, int cycleDay, BillingPeriod period)
    {
        var months = period switch { BillingPeriod.Monthly => 1, BillingPeriod.Quarterly => 3, _ => 12 };
        var anchor = OwnCycleDate(MonthIndex(start), cycleDay);
        if (anchor < start)
        {
            anchor = OwnCycleDate(MonthIndex(start) + 1, cycleDay);
        }

        for (var k = -1; ; k++)
        {
            yield return (OwnCycleDate(MonthIndex(anchor) + (k * months), cycleDay), OwnCycleDate(MonthIndex(anchor) + ((k + 1) * months), cycleDay));
        }
    }

    /// <summary>Σ over the periods of Round(price × daysTo / periodDays) − Round(price × daysFrom / periodDays) for [from, to).</summary>
    private static decimal OwnProratedSum(decimal price, DateOnly start, int cycleDay, BillingPeriod period, DateOnly from, DateOnly to)
    {
        var sum = 0m;
        foreach (var (periodStart, periodEnd) in OwnPeriods(start, cycleDay, period))
        {
            if (periodStart >= to)
            {
                break;
            }

            var a = Max(from, periodStart);
            var b = Min(to, periodEnd);
            if (a >= b)
            {
                continue;
            }

            var days = periodEnd.DayNumber - periodStart.DayNumber;
            decimal Cumulative(DateOnly day) => day == periodEnd
                ? price
                : Math.Round(price * (day.DayNumber - periodStart.DayNumber) / days, 2, MidpointRounding.AwayFromZero);
            sum += Cumulative(b) - Cumulative(a);
        }

        return sum;
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
