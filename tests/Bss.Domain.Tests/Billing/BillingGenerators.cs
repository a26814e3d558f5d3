using System.Globalization;
using System.Text;
using Bss.Domain.Billing;
using Bss.Domain.Products;
using Bss.Domain.Subscriptions;
using FsCheck;
using FsCheck.Fluent;

namespace Bss.Domain.Tests.Billing;

/// <summary>A period of a subscription and a partition of days around it.</summary>
public sealed record ProrationCase(decimal Price, int CycleDay, BillingPeriod Period, DateOnly BillingStart, DateOnly Day, int[] Cuts)
{
    public DateOnly Anchor => BillingCalendar.Anchor(BillingStart, CycleDay);

    public BillingInterval PeriodInterval => BillingCalendar.PeriodContaining(Day, Anchor, BillingCalendar.Months(Period), CycleDay);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"price {Price}, cycle day {CycleDay}, {Period}, billing start {BillingStart:yyyy-MM-dd}, day {Day:yyyy-MM-dd}, period {PeriodInterval}, cuts [{string.Join(", ", Cuts)}]");
}

/// <summary>One price change: effective from <see cref="From"/>, known to billing from <see cref="Known"/>.</summary>
public sealed record TermChange(DateOnly From, DateOnly Known, Guid ProductId, decimal Price);

/// <summary>One subscription billed on consecutive cycle dates, with price changes and a cancellation each known from some day.</summary>
public sealed record HistoryCase(
    int CycleDay, BillingPeriod Period, DateOnly Start, decimal Price, IReadOnlyList<TermChange> Changes,
    DateOnly End, DateOnly EndKnown, int Runs)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"cycle day {CycleDay}, {Period}, start {Start:yyyy-MM-dd} at {Price}, changes [{string.Join("; ", Changes.Select(c => $"{c.From:yyyy-MM-dd} → {c.Price} (known {c.Known:yyyy-MM-dd})"))}], end {End:yyyy-MM-dd} (known {EndKnown:yyyy-MM-dd}), {Runs} runs");
}

/// <summary>A term of a subscription and the day billing learns of it (a change may be recorded ahead or backdated).</summary>
public sealed record KnownTerm(SubscriptionTerm Term, DateOnly Known);

/// <summary>A subscription as it evolves: each term and the end date become visible to billing on their own day.</summary>
public sealed record SubscriptionHistory(
    Guid Id, string Number, BillingPeriod Period, DateOnly Start, DateOnly BillingStart, IReadOnlyList<KnownTerm> Terms,
    DateOnly? End, DateOnly EndKnown)
{
    /// <summary>The subscription as billing sees it on <paramref name="date"/>.</summary>
    public SubscriptionState At(DateOnly date)
    {
        var terms = Terms.Where(t => t.Known <= date).Select(t => t.Term).ToList();
        var current = terms[^1];
        var end = EndKnown <= date ? End : null;
        return new SubscriptionState
        {
            Id = Id,
            SubscriptionNumber = Number,
            CustomerId = BillingTestData.CustomerId,
            ProductId = current.ProductId,
            Status = end is { } e && e <= date ? SubscriptionStatus.Cancelled : SubscriptionStatus.Active,
            StartDate = Start,
            BillingStart = BillingStart,
            BillingPeriod = Period,
            Price = current.Price,
            Currency = "PLN",
            DiscountAmount = current.DiscountAmount,
            NetAmount = current.Price - current.DiscountAmount,
            // A subscription that never changed keeps no terms: its one term comes from its own fields.
            Terms = terms.Count == 1 ? [] : terms,
            EndDate = end,
            Version = 1,
        };
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Number} {Period} start {Start:yyyy-MM-dd} billing {BillingStart:yyyy-MM-dd} end {End:yyyy-MM-dd} (known {EndKnown:yyyy-MM-dd}) terms [{string.Join("; ", Terms.Select(t => $"{t.Term.From:yyyy-MM-dd} {t.Term.ProductId.ToString()[..8]} {t.Term.Price}/{t.Term.DiscountAmount} (known {t.Known:yyyy-MM-dd})"))}]");
}

/// <summary>An account with a few subscriptions, usage, pending charges and credit, billed on a few dates.</summary>
public sealed record AccountCase(
    int CycleDay, decimal Credit, IReadOnlyDictionary<Guid, ProductFacts> Products, IReadOnlyList<SubscriptionHistory> Subscriptions,
    IReadOnlyList<UsageTotal> Usage, IReadOnlyList<OneTimeCharge> Pending, IReadOnlyList<DateOnly> RunDates, IReadOnlyList<int> EarlierBy)
{
    public BillingInput InputAt(DateOnly date) => new("Jan Kowalski", Subscriptions.Select(s => s.At(date)).ToList(), Products);

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"cycle day {CycleDay}, credit {Credit}, runs [{string.Join(", ", RunDates.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}], earlier by [{string.Join(", ", EarlierBy)}]");
        foreach (var (id, p) in Products)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n product {id.ToString()[..8]} {p.Name} tax {p.TaxRate} [{string.Join("; ", p.Allowances.Select(a => $"{a.UsageType} {a.Included} @ {a.UnitPrice}"))}]");
        }

        foreach (var s in Subscriptions)
        {
            text.Append("\n ").Append(s);
        }

        foreach (var u in Usage)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n usage {u.SubscriptionId.ToString()[..8]} {u.Day:yyyy-MM-dd} {u.UsageType} {u.Quantity}");
        }

        foreach (var c in Pending)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n pending {c.Description} {c.Quantity} × {c.UnitPrice} tax {c.TaxRate} on {c.ChargedOn:yyyy-MM-dd}");
        }

        return text.ToString();
    }
}

/// <summary>Generators: dates in 2024..2030, cycle days 1..31, prices 0..99999.99 with 2 decimals, MONTHLY/QUARTERLY/YEARLY.</summary>
public static class BillingArbitraries
{
    public static readonly DateOnly FirstDay = new(2024, 1, 1);
    public static readonly DateOnly LastDay = new(2030, 12, 31);

    private static readonly Guid[] ProductIds =
    [
        Guid.Parse("f0000000-0000-4000-8000-000000000001"),
        Guid.Parse("f0000000-0000-4000-8000-000000000002"),
        Guid.Parse("f0000000-0000-4000-8000-000000000003"),
    ];

    public static Gen<DateOnly> Dates(DateOnly from, DateOnly to) =>
        Gen.Choose(from.DayNumber, to.DayNumber).Select(DateOnly.FromDayNumber);

    public static Gen<DateOnly> Dates() => Dates(FirstDay, LastDay);

    /// <summary>0..99999.99 with 2 decimals; small amounts, where rounding bites, as often as large ones.</summary>
    public static Gen<decimal> Prices() =>
        Gen.OneOf(Gen.Choose(0, 9_999_999), Gen.Choose(0, 1_000), Gen.Choose(0, 10_000)).Select(cents => cents / 100m);

    public static Gen<int> CycleDays() => Gen.OneOf(Gen.Choose(1, 31), Gen.Choose(28, 31));

    public static Gen<BillingPeriod> Periods() => Gen.Elements(BillingPeriod.Monthly, BillingPeriod.Quarterly, BillingPeriod.Yearly);

    private static Gen<decimal> TaxRates() => Gen.Elements(0m, 0.05m, 0.08m, 0.23m);

    public static Arbitrary<ProrationCase> ProrationCases() =>
        (from price in Prices()
         from cycleDay in CycleDays()
         from period in Periods()
         from billingStart in Dates()
         from day in Dates()
         let months = BillingCalendar.Months(period)
         let interval = BillingCalendar.PeriodContaining(day, BillingCalendar.Anchor(billingStart, cycleDay), months, cycleDay)
         from count in Gen.Choose(1, 12)
         from cuts in Gen.ArrayOf(Gen.Choose(-40, interval.Days + 40), count)
         select new ProrationCase(price, cycleDay, period, billingStart, day, cuts)).ToArbitrary();

    public static Arbitrary<HistoryCase> HistoryCases()
    {
        var change =
            from fromOffset in Gen.Choose(1, 700)
            from knownShift in Gen.Choose(-60, 60)
            from product in Gen.Elements(ProductIds)
            from price in Prices()
            select (fromOffset, knownShift, product, price);
        return (from cycleDay in CycleDays()
                from period in Periods()
                from start in Dates(FirstDay, new DateOnly(2028, 12, 31))
                from price in Prices()
                from changeCount in Gen.Choose(0, 3)
                from changes in Gen.ArrayOf(change, changeCount)
                from endOffset in Gen.Choose(1, 800)
                from endKnownOffset in Gen.Choose(0, 900)
                from runs in Gen.Choose(1, 40)
                select new HistoryCase(cycleDay, period, start, price,
                    changes.GroupBy(c => c.fromOffset).Select(g => g.Last()).OrderBy(c => c.fromOffset)
                        .Select(c => new TermChange(start.AddDays(c.fromOffset), start.AddDays(Math.Max(0, c.fromOffset + c.knownShift)), c.product, c.price))
                        .ToList(),
                    start.AddDays(endOffset), start.AddDays(endKnownOffset), runs)).ToArbitrary();
    }

    public static Arbitrary<AccountCase> AccountCases()
    {
        var allowance =
            from type in Gen.Elements(UsageType.Data, UsageType.Voice, UsageType.Sms)
            from included in Gen.Choose(0, 2000)
            from unitCents in Gen.Choose(0, 100)
            select new UsageAllowance(type, included, unitCents / 100m);
        var products =
            from taxes in Gen.ArrayOf(TaxRates(), ProductIds.Length)
            from allowanceCounts in Gen.ArrayOf(Gen.Choose(0, 2), ProductIds.Length)
            from allowances in Gen.ArrayOf(Gen.ArrayOf(allowance, 2), ProductIds.Length)
            select (IReadOnlyDictionary<Guid, ProductFacts>)ProductIds.Select((id, i) => (id, i)).ToDictionary(
                x => x.id,
                x => new ProductFacts($"Plan {x.i + 1}", taxes[x.i],
                    allowances[x.i].Take(allowanceCounts[x.i]).GroupBy(a => a.UsageType).Select(g => g.First()).ToList()));
        var term =
            from offset in Gen.Choose(1, 500)
            from knownShift in Gen.Choose(-90, 60)
            from product in Gen.Elements(ProductIds)
            from price in Prices()
            from discountShare in Gen.OneOf(Gen.Constant(0), Gen.Choose(0, 100))
            select new TermSpec(offset, knownShift, product, price, discountShare);
        var subscription =
            from period in Periods()
            from start in Dates(FirstDay, new DateOnly(2029, 6, 30))
            from billingDelay in Gen.OneOf(Gen.Constant(0), Gen.Choose(0, 20))
            from first in term
            from changeCount in Gen.Choose(0, 2)
            from changes in Gen.ArrayOf(term, changeCount)
            from endOffset in Gen.OneOf(Gen.Constant(-1), Gen.Choose(1, 800))
            from endKnownShift in Gen.Choose(-120, 60)
            select (Period: period, Start: start, BillingStart: start.AddDays(billingDelay), First: first, Changes: changes,
                End: endOffset < 0 ? (DateOnly?)null : start.AddDays(billingDelay + endOffset), EndKnownShift: endKnownShift);
        var usage =
            from offset in Gen.Choose(0, 399)
            from type in Gen.Elements(UsageType.Data, UsageType.Voice, UsageType.Sms)
            from quantity in Gen.Choose(0, 3_000_000)
            select (Offset: offset, Type: type, Quantity: quantity / 1000m);
        var pending =
            from key in Gen.Choose(1, 1_000_000)
            from quantity in Gen.Choose(1, 5)
            from price in Gen.Choose(0, 99_999)
            from tax in TaxRates()
            from day in Dates()
            select new OneTimeCharge($"order/{key}", $"Device {key}", null, quantity, price / 100m, tax, day);
        return (from cycleDay in CycleDays()
                from creditCents in Gen.OneOf(Gen.Constant(0), Gen.Choose(-50_000, 50_000))
                from productFacts in products
                from subscriptionCount in Gen.Choose(1, 3)
                from subscriptions in Gen.ArrayOf(subscription, subscriptionCount)
                from usageCount in Gen.Choose(0, 12)
                from usageRecords in Gen.ArrayOf(usage, usageCount)
                from usageOwners in Gen.ArrayOf(Gen.Choose(0, subscriptionCount - 1), usageCount)
                from pendingCount in Gen.Choose(0, 2)
                from pendingCharges in Gen.ArrayOf(pending, pendingCount)
                from runCount in Gen.Choose(1, 6)
                from runOffsets in Gen.ArrayOf(Gen.Choose(-40, 900), runCount)
                from earlierBy in Gen.ArrayOf(Gen.Choose(1, 400), runCount)
                let subs = subscriptions.Select((x, i) => History(i, x.Period, x.Start, x.BillingStart, x.First, x.Changes, x.End, x.EndKnownShift)).ToList()
                let firstStart = subs.Min(s => s.Start)
                select new AccountCase(cycleDay, creditCents / 100m, productFacts, subs,
                    usageRecords.Select((u, i) => new UsageTotal(subs[usageOwners[i]].Id, subs[usageOwners[i]].Start.AddDays(u.Offset),
                        u.Type, u.Quantity)).ToList(),
                    pendingCharges, runOffsets.Order().Select(o => firstStart.AddDays(o)).ToList(), earlierBy)).ToArbitrary();
    }

    private static SubscriptionHistory History(int index, BillingPeriod period, DateOnly start, DateOnly billingStart,
        TermSpec first, TermSpec[] changes, DateOnly? end, int endKnownShift)
    {
        static decimal Discount(decimal price, int share) => Math.Round(price * share / 100m, 2, MidpointRounding.AwayFromZero);

        var terms = new List<KnownTerm> { new(new SubscriptionTerm(billingStart, first.Product, first.Price, Discount(first.Price, first.DiscountShare)), DateOnly.MinValue) };
        terms.AddRange(changes.GroupBy(c => c.Offset).Select(g => g.Last()).OrderBy(c => c.Offset).Select(c =>
        {
            var from = billingStart.AddDays(c.Offset);
            var known = from.AddDays(c.KnownShift);
            return new KnownTerm(new SubscriptionTerm(from, c.Product, c.Price, Discount(c.Price, c.DiscountShare)), known < start ? start : known);
        }));
        var endKnown = end is { } e ? e.AddDays(endKnownShift) : DateOnly.MaxValue;
        return new SubscriptionHistory(new Guid(index + 1, 0, 0x4000, 0x80, 0, 0, 0, 0, 0, 0, 0), $"SUB-{index + 1:0000}", period, start, billingStart,
            terms, end, endKnown < start ? start : endKnown);
    }

    private sealed record TermSpec(int Offset, int KnownShift, Guid Product, decimal Price, int DiscountShare);
}
