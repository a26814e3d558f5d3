using System.Globalization;
using Bss.Domain.Common;
using Bss.Domain.Invoices;
using Bss.Domain.Products;
using Bss.Domain.Subscriptions;

namespace Bss.Domain.Billing;

/// <summary>What a run needs to know about a product the account's subscriptions use.</summary>
[GenerateSerializer, Immutable]
public sealed record ProductFacts(
    [property: Id(0)] string Name,
    [property: Id(1)] decimal TaxRate,
    [property: Id(2)] IReadOnlyList<UsageAllowance> Allowances);

/// <summary>Usage of one subscription on one day, of one type, summed.</summary>
[GenerateSerializer, Immutable]
public sealed record UsageTotal(
    [property: Id(0)] Guid SubscriptionId,
    [property: Id(1)] DateOnly Day,
    [property: Id(2)] UsageType UsageType,
    [property: Id(3)] decimal Quantity);

/// <summary>Everything a run reads besides the account: the customer's subscriptions and their products.</summary>
public sealed record BillingInput(
    string CustomerName,
    IReadOnlyList<SubscriptionState> Subscriptions,
    IReadOnlyDictionary<Guid, ProductFacts> Products);

/// <summary>The outcome of a run: the account as it must be stored, and the invoices it generated (none: nothing was due).</summary>
public sealed record BillingDecision(BillingAccountState Account, IReadOnlyList<GeneratedInvoice> Invoices);

/// <summary>
/// A billing run for one account as of a date: recurring charges billed in advance to the end of each
/// subscription's current period, proration credits and charges for every change since the last run (start,
/// cancellation, upgrade, downgrade, price change), usage beyond allowances of completed periods, pending one-time
/// charges and any balance owed. Charges go on one RECURRING invoice, credits on a CREDIT_NOTE whose value becomes
/// account credit; account credit is applied to the invoice. Previews and real runs both come from
/// <see cref="Decide"/>, so a preview shows exactly what the run would produce.
/// </summary>
public static class BillingRun
{
    public static Result<BillingDecision> Decide(BillingAccountState account, BillingInput input, DateOnly date, DateTimeOffset now)
    {
        var charges = new List<InvoiceLine>();
        var credits = new List<InvoiceLine>();
        var billed = new Dictionary<Guid, SubscriptionBilling>(account.Subscriptions);
        var usage = account.UnratedUsage.Values.ToList();
        foreach (var subscription in input.Subscriptions.OrderBy(s => s.StartDate).ThenBy(s => s.Id))
        {
            if (subscription.BillingPeriod == BillingPeriod.OneTime)
            {
                continue;
            }

            if (!string.Equals(subscription.Currency, account.Currency, StringComparison.Ordinal))
            {
                return new DomainError(ErrorKind.Conflict,
                    $"Subscription {subscription.SubscriptionNumber} is in {subscription.Currency}; the account bills in {account.Currency}.");
            }

            var before = billed.GetValueOrDefault(subscription.Id) ?? SubscriptionBilling.Empty;
            var after = BillSubscription(subscription, before, account.BillCycleDay, date, input, usage, charges, credits);
            if (after != before)
            {
                billed[subscription.Id] = after;
            }
        }

        foreach (var charge in account.PendingCharges)
        {
            charges.Add(new InvoiceLine(charge.Description, charge.Quantity, charge.UnitPrice, 0m, charge.TaxRate, charge.ProductId, null,
                charge.ChargedOn, charge.ChargedOn));
        }

        var credit = account.Credit;
        if (credit < 0 && charges.Count > 0)
        {
            charges.Add(new InvoiceLine("Balance brought forward", 1, -credit, 0m, 0m, null, null));
            credit = 0;
        }

        var next = account.Exists ? account.NextVersion<BillingAccountState>(now) : account.FirstVersion<BillingAccountState>(account.CustomerId, now);
        next.Subscriptions = billed;
        next.PendingCharges = [];
        OneTimeCharges.Settle(next, date);
        next.LastCycleDate = account.LastCycleDate is { } last && last > date ? last : date;
        next.LastCycleInvoices = account.LastCycleDate == next.LastCycleDate ? account.LastCycleInvoices : 0;
        var invoices = new List<GeneratedInvoice>();
        var run = account.Runs + 1;
        var creditValue = Invoice.Totals(credits).Total;
        if (creditValue > 0)
        {
            // The credit note is settled by crediting its value to the account. (Credits that come to nothing — fully
            // discounted days — make none.)
            var value = creditValue;
            invoices.Add(Generate(account, input, run, InvoiceType.CreditNote, credits, date, value));
            credit += value;
        }

        if (charges.Count > 0)
        {
            var total = Invoice.Totals(charges).Total;
            var applied = Math.Min(Math.Max(credit, 0m), total);
            credit -= applied;
            invoices.Add(Generate(account, input, run, InvoiceType.Recurring, charges, date, applied));
            next.TotalInvoiced = account.TotalInvoiced + total;
        }

        next.Credit = credit;
        next.UnratedUsage = account.UnratedUsage
            .Where(u => billed.GetValueOrDefault(u.Value.SubscriptionId)?.UsageRatedUntil is not { } rated || u.Value.Day >= rated)
            .ToDictionary(u => u.Key, u => u.Value);
        if (next.UnratedUsage.Count < account.UnratedUsage.Count)
        {
            next.LastRatedUsage = account.UnratedUsage.Where(u => !next.UnratedUsage.ContainsKey(u.Key)).ToDictionary(u => u.Key, u => u.Value);
        }
        next.OpenInvoices = account.OpenInvoices.Concat(invoices.Where(i => i.Type != InvoiceType.CreditNote).Select(i => i.InvoiceId)).ToList();
        if (invoices.Count > 0)
        {
            next.LastCycleInvoices += next.LastCycleDate == date ? invoices.Count : 0;
            next.Runs = run;
            next.InvoicesGenerated = account.InvoicesGenerated + invoices.Count;
            next.Undelivered = account.Undelivered.Concat(invoices).ToList();
        }

        return Result<BillingDecision>.Ok(new BillingDecision(next, invoices));
    }

    /// <summary>The id of an invoice a run generates: the same for the same account, run and type.</summary>
    public static Guid InvoiceId(Guid customerId, int run, InvoiceType type) =>
        NameUuid.From($"billing/{customerId:N}/{run.ToString(CultureInfo.InvariantCulture)}/{EnumText.Code(type)}");

    private static GeneratedInvoice Generate(BillingAccountState account, BillingInput input, int run, InvoiceType type,
        List<InvoiceLine> lines, DateOnly date, decimal applyCredit)
    {
        var id = InvoiceId(account.CustomerId, run, type);
        var starts = lines.Where(l => l.PeriodStart is not null).Select(l => l.PeriodStart!.Value).ToList();
        var ends = lines.Where(l => l.PeriodEnd is not null).Select(l => l.PeriodEnd!.Value).ToList();
        var draft = new InvoiceDraft(account.CustomerId, type, lines, account.Currency, account.PaymentTerms, null,
            type == InvoiceType.CreditNote ? "Credit for unused days; its value is credited to the account." : null,
            starts.Count > 0 ? starts.Min() : null, ends.Count > 0 ? ends.Max() : null);
        return new GeneratedInvoice(id, draft, input.CustomerName, date, NameUuid.From($"{id:N}/credit"), applyCredit, date);
    }

    /// <summary>
    /// Compares what a subscription owes up to the end of the period containing <paramref name="date"/> with what
    /// has been billed, day by day: days owed at other terms than billed are credited at the billed terms and charged
    /// at the owed ones. Returns what is then billed.
    /// </summary>
    private static SubscriptionBilling BillSubscription(SubscriptionState s, SubscriptionBilling billed, int cycleDay, DateOnly date,
        BillingInput input, IReadOnlyCollection<UsageTotal> usage, List<InvoiceLine> charges, List<InvoiceLine> credits)
    {
        var start = s.BillingStart ?? s.StartDate;
        var months = BillingCalendar.Months(s.BillingPeriod);
        var anchor = BillingCalendar.Anchor(start, cycleDay);
        var horizon = date < start ? start : BillingCalendar.PeriodContaining(date, anchor, months, cycleDay).End;
        var until = Max(horizon, billed.BilledUntil ?? start);
        if (EndOf(s, billed) is { } end && end < until)
        {
            until = Max(end, start);
        }

        var owed = Owed(s, start, until, input.Products);
        var boundaries = new SortedSet<DateOnly> { start, until };
        foreach (var span in owed.Concat(billed.Billed))
        {
            boundaries.Add(span.Days.Start);
            boundaries.Add(span.Days.End);
        }

        var first = boundaries.Min;
        var last = boundaries.Max;
        for (var period = BillingCalendar.PeriodContaining(first, anchor, months, cycleDay); period.Start < last;
             period = BillingCalendar.PeriodContaining(period.End, anchor, months, cycleDay))
        {
            boundaries.Add(period.Start);
        }

        var days = boundaries.ToList();
        Piece? open = null;
        for (var i = 0; i + 1 < days.Count; i++)
        {
            var piece = new BillingInterval(days[i], days[i + 1]);
            var owedTerms = At(owed, piece.Start);
            var billedTerms = At(billed.Billed, piece.Start);
            if (Same(owedTerms, billedTerms))
            {
                Flush(ref open);
                continue;
            }

            var period = BillingCalendar.PeriodContaining(piece.Start, anchor, months, cycleDay);
            Extend(ref open, new Piece(period, piece, owedTerms, billedTerms));
        }

        Flush(ref open);
        var usageUntil = RateUsage(s, billed, start, anchor, months, cycleDay, date, input, usage, charges);
        var next = new SubscriptionBilling(Merge(owed), usageUntil);
        return next.Billed.SequenceEqual(billed.Billed) && next.UsageRatedUntil == billed.UsageRatedUntil ? billed : next;

        void Flush(ref Piece? piece)
        {
            if (piece is not { } p)
            {
                return;
            }

            if (p.Billed is { } was)
            {
                AddLine(credits, s, p.Period, p.Days, was, credit: true);
            }

            if (p.Owed is { } now)
            {
                AddLine(charges, s, p.Period, p.Days, now, credit: false);
            }

            piece = null;
        }

        void Extend(ref Piece? piece, Piece next)
        {
            if (piece is { } p && p.Period == next.Period && p.Days.End == next.Days.Start &&
                Same(p.Owed, next.Owed) && Same(p.Billed, next.Billed))
            {
                piece = p with { Days = new BillingInterval(p.Days.Start, next.Days.End) };
                return;
            }

            Flush(ref piece);
            piece = next;
        }
    }

    private readonly record struct Piece(BillingInterval Period, BillingInterval Days, ChargeTerms? Owed, ChargeTerms? Billed);

    private static bool Same(ChargeTerms? a, ChargeTerms? b) => a is null ? b is null : a.SameCharge(b);

    /// <summary>The first day no longer charged: the end date, or for a subscription ended before end dates were
    /// kept, where its billing stopped.</summary>
    private static DateOnly? EndOf(SubscriptionState s, SubscriptionBilling billed) =>
        s.EndDate ?? (Subscription.IsFinal(s.Status) ? billed.BilledUntil ?? s.BillingStart ?? s.StartDate : null);

    private static List<BilledSpan> Owed(SubscriptionState s, DateOnly start, DateOnly until, IReadOnlyDictionary<Guid, ProductFacts> products)
    {
        var terms = Subscription.TermsOf(s).OrderBy(t => t.From).ToList();
        var owed = new List<BilledSpan>();
        for (var i = 0; i < terms.Count; i++)
        {
            var from = Max(terms[i].From, start);
            var to = i + 1 < terms.Count ? Min(terms[i + 1].From, until) : until;
            if (from < to)
            {
                var product = products.GetValueOrDefault(terms[i].ProductId);
                owed.Add(new BilledSpan(new BillingInterval(from, to), new ChargeTerms(terms[i].ProductId,
                    product?.Name ?? "Subscription", terms[i].Price, Math.Min(terms[i].DiscountAmount, terms[i].Price),
                    product?.TaxRate ?? TaxRates.Default)));
            }
        }

        return owed;
    }

    private static List<BilledSpan> Merge(List<BilledSpan> spans)
    {
        var merged = new List<BilledSpan>();
        foreach (var span in spans)
        {
            if (merged.Count > 0 && merged[^1].Days.End == span.Days.Start && merged[^1].Terms.SameCharge(span.Terms))
            {
                merged[^1] = merged[^1] with { Days = new BillingInterval(merged[^1].Days.Start, span.Days.End) };
            }
            else
            {
                merged.Add(span);
            }
        }

        return merged;
    }

    private static ChargeTerms? At(IReadOnlyList<BilledSpan> spans, DateOnly day) =>
        spans.FirstOrDefault(x => x.Days.Start <= day && day < x.Days.End)?.Terms;

    private static void AddLine(List<InvoiceLine> lines, SubscriptionState s, BillingInterval period, BillingInterval days, ChargeTerms terms, bool credit)
    {
        var amount = Proration.Amount(terms.Price, period, days);
        var discount = Math.Min(Proration.Amount(terms.DiscountAmount, period, days), amount);
        if (amount == 0m)
        {
            return;
        }

        var text = new System.Text.StringBuilder();
        text.Append(credit ? "Credit: " : "").Append(terms.ProductName).Append(" (").Append(s.SubscriptionNumber).Append("), ")
            .Append(Day(days.Start)).Append(" – ").Append(Day(days.LastDay));
        if (!Proration.IsFull(period, days))
        {
            text.Append(CultureInfo.InvariantCulture, $", {days.Days} of {period.Days} days");
        }

        lines.Add(new InvoiceLine(text.ToString(), 1, amount, discount, terms.TaxRate, terms.ProductId, s.Id, days.Start, days.LastDay));
    }

    /// <summary>
    /// Rates usage of the periods that have ended by <paramref name="date"/> (or up to the end date) and were not
    /// rated yet: beyond each allowance of the product in force at the period's start, at its unit price.
    /// </summary>
    private static DateOnly? RateUsage(SubscriptionState s, SubscriptionBilling billed, DateOnly start, DateOnly anchor, int months,
        int cycleDay, DateOnly date, BillingInput input, IReadOnlyCollection<UsageTotal> usage, List<InvoiceLine> charges)
    {
        var from = billed.UsageRatedUntil ?? start;
        var until = date < start ? start : BillingCalendar.PeriodContaining(date, anchor, months, cycleDay).Start;
        if (EndOf(s, billed) is { } end && end <= date)
        {
            until = Max(end, start);
        }

        if (until <= from)
        {
            return billed.UsageRatedUntil;
        }

        var terms = Subscription.TermsOf(s).OrderBy(t => t.From).ToList();
        for (var pieceStart = from; pieceStart < until;)
        {
            var period = BillingCalendar.PeriodContaining(pieceStart, anchor, months, cycleDay);
            var piece = new BillingInterval(pieceStart, Min(period.End, until));
            var term = terms.LastOrDefault(t => t.From <= piece.Start) ?? terms[0];
            if (input.Products.GetValueOrDefault(term.ProductId) is { } product)
            {
                foreach (var allowance in product.Allowances)
                {
                    var used = usage
                        .Where(u => u.SubscriptionId == s.Id && u.UsageType == allowance.UsageType && u.Day >= piece.Start && u.Day < piece.End)
                        .Sum(u => u.Quantity);
                    var beyond = used - allowance.Included;
                    if (beyond > 0 && allowance.UnitPrice > 0)
                    {
                        var unit = UsageUnits.Of(allowance.UsageType);
                        charges.Add(new InvoiceLine(
                            string.Create(CultureInfo.InvariantCulture,
                                $"{EnumText.Display(allowance.UsageType)} beyond {allowance.Included} {unit} included, {product.Name} ({s.SubscriptionNumber}), {Day(piece.Start)} – {Day(piece.LastDay)}"),
                            beyond, allowance.UnitPrice, 0m, product.TaxRate, term.ProductId, s.Id, piece.Start, piece.LastDay));
                    }
                }
            }

            pieceStart = piece.End;
        }

        return until;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
