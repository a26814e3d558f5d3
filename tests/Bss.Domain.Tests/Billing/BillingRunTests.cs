using Bss.Domain.Billing;
using Bss.Domain.Common;
using Bss.Domain.Invoices;
using Bss.Domain.Products;
using Bss.Domain.Subscriptions;
using static Bss.Domain.Tests.Billing.BillingTestData;

namespace Bss.Domain.Tests.Billing;

public class BillingRunTests
{
    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void SignupMidMonth_FirstRunChargesTheRestOfJanuaryAndFebruaryInFull()
    {
        // Cycle day 1, start 2026-01-15: the periods are anchored on 2026-02-01; January is [2026-01-01, 2026-02-01).
        var subscription = Subscription(D(2026, 1, 15), 100m);

        var decision = Run(Account(), Input(subscription), D(2026, 2, 1));

        var invoice = Assert.Single(decision.Invoices);
        Assert.Equal(InvoiceType.Recurring, invoice.Type);
        Assert.Collection(invoice.Draft.Items,
            january =>
            {
                // Days 15..31 of January: 17 of 31 days.
                // Round(100 × 31/31) − Round(100 × 14/31) = 100.00 − Round(45.1612…) = 100.00 − 45.16 = 54.84.
                Assert.Equal("Mobile 100 (SUB-0001), 2026-01-15 – 2026-01-31, 17 of 31 days", january.Description);
                Assert.Equal(1m, january.Quantity);
                Assert.Equal(54.84m, january.UnitPrice);
                Assert.Equal(0m, january.DiscountAmount);
                Assert.Equal(0.23m, january.TaxRate);
                Assert.Equal(12.61m, january.TaxAmount); // Round(54.84 × 0.23 = 12.6132)
                Assert.Equal(Mobile100, january.ProductId);
                Assert.Equal(SubscriptionId, january.SubscriptionId);
                Assert.Equal(D(2026, 1, 15), january.PeriodStart);
                Assert.Equal(D(2026, 1, 31), january.PeriodEnd);
            },
            february =>
            {
                Assert.Equal("Mobile 100 (SUB-0001), 2026-02-01 – 2026-02-28", february.Description);
                Assert.Equal(100m, february.UnitPrice);
                Assert.Equal(23m, february.TaxAmount);
                Assert.Equal(D(2026, 2, 1), february.PeriodStart);
                Assert.Equal(D(2026, 2, 28), february.PeriodEnd);
            });
        // Subtotal 54.84 + 100.00 = 154.84; tax 12.61 + 23.00 = 35.61; total 154.84 + 35.61 = 190.45.
        Assert.Equal((154.84m, 0m, 35.61m, 190.45m), Totals(invoice));
        Assert.Equal(0m, invoice.CreditApplied);
        Assert.Equal(D(2026, 1, 15), invoice.Draft.BillingPeriodStart);
        Assert.Equal(D(2026, 2, 28), invoice.Draft.BillingPeriodEnd);
        Assert.Equal("PLN", invoice.Draft.Currency);
        Assert.Equal(CustomerId, invoice.Draft.CustomerId);
        Assert.Equal("Jan Kowalski", invoice.CustomerName);
        Assert.Equal(D(2026, 2, 1), invoice.IssueDate);

        var account = decision.Account;
        Assert.Equal(D(2026, 3, 1), account.Subscriptions[SubscriptionId].BilledUntil);
        Assert.Equal(1, account.Runs);
        Assert.Equal(1, account.InvoicesGenerated);
        Assert.Equal(190.45m, account.TotalInvoiced);
        Assert.Equal(D(2026, 2, 1), account.LastCycleDate);
        Assert.Equal(0m, account.Credit);
        Assert.Equal(invoice, Assert.Single(account.Undelivered));
        Assert.Equal(2, account.Version);
    }

    [Fact]
    public void SignupMidMonth_RunOnTheStartDate_ChargesTheRestOfTheMonthThenTheNextCycleTheFullMonth()
    {
        var subscription = Subscription(D(2026, 1, 15), 100m);

        var first = Run(Account(), Input(subscription), D(2026, 1, 15));
        var second = Run(first.Account, Input(subscription), D(2026, 2, 1));

        Assert.Equal(54.84m, Assert.Single(Assert.Single(first.Invoices).Draft.Items).UnitPrice);
        Assert.Equal(100m, Assert.Single(Assert.Single(second.Invoices).Draft.Items).UnitPrice);
        Assert.Equal(D(2026, 2, 1), first.Account.Subscriptions[SubscriptionId].BilledUntil);
    }

    [Fact]
    public void Discount_IsProratedLikeThePrice()
    {
        var subscription = Subscription(D(2026, 1, 15), 100m, discount: 20m);

        var invoice = Assert.Single(Run(Account(), Input(subscription), D(2026, 1, 15)).Invoices);

        var line = Assert.Single(invoice.Draft.Items);
        Assert.Equal(54.84m, line.UnitPrice);
        // Round(20 × 31/31) − Round(20 × 14/31) = 20.00 − Round(9.0322…) = 20.00 − 9.03 = 10.97.
        Assert.Equal(10.97m, line.DiscountAmount);
        // Tax Round((54.84 − 10.97) × 0.23) = Round(43.87 × 0.23 = 10.0901) = 10.09; total 54.84 − 10.97 + 10.09 = 53.96.
        Assert.Equal((54.84m, 10.97m, 10.09m, 53.96m), Totals(invoice));
    }

    [Fact]
    public void UpgradeOnThe31st_CreditsTheOldPlansUnusedDayAndChargesTheNewPlan()
    {
        var before = Subscription(D(2026, 1, 1), 100m);
        var first = Run(Account(), Input(before), D(2026, 1, 1));
        Assert.Equal(100m, Assert.Single(Assert.Single(first.Invoices).Draft.Items).UnitPrice);

        var upgraded = Subscription(D(2026, 1, 1), 200m, productId: Mobile200, terms:
        [
            new SubscriptionTerm(D(2026, 1, 1), Mobile100, 100m, 0m),
            new SubscriptionTerm(D(2026, 1, 31), Mobile200, 200m, 0m),
        ]);
        var second = Run(first.Account, Input(upgraded), D(2026, 1, 31));

        Assert.Equal(2, second.Invoices.Count);
        var creditNote = Single(second, InvoiceType.CreditNote);
        var credit = Assert.Single(creditNote.Draft.Items);
        // Round(100 × 31/31) − Round(100 × 30/31) = 100.00 − Round(96.7741…) = 100.00 − 96.77 = 3.23.
        Assert.Equal("Credit: Mobile 100 (SUB-0001), 2026-01-31 – 2026-01-31, 1 of 31 days", credit.Description);
        Assert.Equal(3.23m, credit.UnitPrice);
        Assert.Equal(Mobile100, credit.ProductId);
        Assert.Equal(D(2026, 1, 31), credit.PeriodStart);
        Assert.Equal(D(2026, 1, 31), credit.PeriodEnd);
        // Tax Round(3.23 × 0.23 = 0.7429) = 0.74; total 3.97.
        Assert.Equal((3.23m, 0m, 0.74m, 3.97m), Totals(creditNote));
        Assert.Equal(3.97m, creditNote.CreditApplied);

        var recurring = Single(second, InvoiceType.Recurring);
        var charge = Assert.Single(recurring.Draft.Items);
        // Round(200 × 31/31) − Round(200 × 30/31) = 200.00 − Round(193.5483…) = 200.00 − 193.55 = 6.45.
        Assert.Equal("Mobile 200 (SUB-0001), 2026-01-31 – 2026-01-31, 1 of 31 days", charge.Description);
        Assert.Equal(6.45m, charge.UnitPrice);
        Assert.Equal(Mobile200, charge.ProductId);
        // Tax Round(6.45 × 0.23 = 1.4835) = 1.48; total 7.93; the credit note's 3.97 is applied to it.
        Assert.Equal((6.45m, 0m, 1.48m, 7.93m), Totals(recurring));
        Assert.Equal(3.97m, recurring.CreditApplied);
        Assert.Equal(0m, second.Account.Credit);
        Assert.Equal(2, second.Account.Runs);
        Assert.Equal(3, second.Account.InvoicesGenerated);
        Assert.Equal(BillingRun.InvoiceId(CustomerId, 2, InvoiceType.CreditNote), creditNote.InvoiceId);
        Assert.Equal(BillingRun.InvoiceId(CustomerId, 2, InvoiceType.Recurring), recurring.InvoiceId);

        // The next cycle charges the new plan only, in full.
        var third = Run(second.Account, Input(upgraded), D(2026, 2, 1));
        var february = Assert.Single(Assert.Single(third.Invoices).Draft.Items);
        Assert.Equal("Mobile 200 (SUB-0001), 2026-02-01 – 2026-02-28", february.Description);
        Assert.Equal(200m, february.UnitPrice);
    }

    [Fact]
    public void UpgradeOnThe31st_BilledOnTheNextCycleDate_CreditsAndChargesPerPeriod()
    {
        var first = Run(Account(), Input(Subscription(D(2026, 1, 1), 100m)), D(2026, 1, 1));
        var upgraded = Subscription(D(2026, 1, 1), 200m, productId: Mobile200, terms:
        [
            new SubscriptionTerm(D(2026, 1, 1), Mobile100, 100m, 0m),
            new SubscriptionTerm(D(2026, 1, 31), Mobile200, 200m, 0m),
        ]);

        var second = Run(first.Account, Input(upgraded), D(2026, 2, 1));

        Assert.Equal(3.23m, Assert.Single(Single(second, InvoiceType.CreditNote).Draft.Items).UnitPrice);
        var recurring = Single(second, InvoiceType.Recurring);
        Assert.Equal([6.45m, 200m], recurring.Draft.Items.Select(l => l.UnitPrice));
        // Subtotal 206.45; tax 1.48 + 46.00 = 47.48; total 253.93; credit applied 3.97.
        Assert.Equal((206.45m, 0m, 47.48m, 253.93m), Totals(recurring));
        Assert.Equal(3.97m, recurring.CreditApplied);
        Assert.Equal(0m, second.Account.Credit);
    }

    [Fact]
    public void CancellationMidPeriod_CreditsTheUnusedDays()
    {
        var first = Run(Account(), Input(Subscription(D(2026, 1, 1), 100m)), D(2026, 1, 1));
        var cancelled = Subscription(D(2026, 1, 1), 100m, endDate: D(2026, 1, 20), status: SubscriptionStatus.Cancelled);

        var second = Run(first.Account, Input(cancelled), D(2026, 1, 20));

        var creditNote = Assert.Single(second.Invoices);
        Assert.Equal(InvoiceType.CreditNote, creditNote.Type);
        var line = Assert.Single(creditNote.Draft.Items);
        // Days 20..31: 12 of 31. Round(100 × 31/31) − Round(100 × 19/31) = 100.00 − Round(61.2903…) = 38.71.
        Assert.Equal("Credit: Mobile 100 (SUB-0001), 2026-01-20 – 2026-01-31, 12 of 31 days", line.Description);
        Assert.Equal(38.71m, line.UnitPrice);
        // Tax Round(38.71 × 0.23 = 8.9033) = 8.90; total 47.61, which becomes account credit.
        Assert.Equal((38.71m, 0m, 8.90m, 47.61m), Totals(creditNote));
        Assert.Equal(47.61m, second.Account.Credit);
        Assert.Equal(D(2026, 1, 20), second.Account.Subscriptions[SubscriptionId].BilledUntil);
        Assert.Equal(123m, second.Account.TotalInvoiced); // credit notes are not invoiced amounts

        var third = Run(second.Account, Input(cancelled), D(2026, 2, 1));
        Assert.Empty(third.Invoices);
        Assert.Equal(47.61m, third.Account.Credit);
    }

    [Fact]
    public void CancellationKnownAhead_ChargesOnlyUpToTheEndDate()
    {
        var first = Run(Account(), Input(Subscription(D(2026, 1, 1), 100m)), D(2026, 1, 1));
        var ending = Subscription(D(2026, 1, 1), 100m, endDate: D(2026, 2, 10));

        var second = Run(first.Account, Input(ending), D(2026, 2, 1));

        var line = Assert.Single(Assert.Single(second.Invoices).Draft.Items);
        // Days 1..9 of February: Round(100 × 9/28) = Round(32.142857…) = 32.14.
        Assert.Equal("Mobile 100 (SUB-0001), 2026-02-01 – 2026-02-09, 9 of 28 days", line.Description);
        Assert.Equal(32.14m, line.UnitPrice);
        Assert.Equal(D(2026, 2, 10), second.Account.Subscriptions[SubscriptionId].BilledUntil);
    }

    [Fact]
    public void AccountCredit_IsAppliedToTheNextInvoice()
    {
        var decision = Run(Account(credit: 30m), Input(Subscription(D(2026, 2, 1), 100m)), D(2026, 2, 1));

        var invoice = Assert.Single(decision.Invoices);
        Assert.Equal((100m, 0m, 23m, 123m), Totals(invoice));
        Assert.Equal(30m, invoice.CreditApplied);
        Assert.Equal(0m, decision.Account.Credit);
        Assert.Equal(BillingRun.InvoiceId(CustomerId, 1, InvoiceType.Recurring), invoice.InvoiceId);
        Assert.NotEqual(invoice.InvoiceId, invoice.CreditApplicationId);
    }

    [Fact]
    public void AccountCredit_AboveTheTotal_CoversTheInvoiceAndTheRestStays()
    {
        var decision = Run(Account(credit: 200m), Input(Subscription(D(2026, 2, 1), 100m)), D(2026, 2, 1));

        Assert.Equal(123m, Assert.Single(decision.Invoices).CreditApplied);
        Assert.Equal(77m, decision.Account.Credit); // 200.00 − 123.00
    }

    [Fact]
    public void CreditFromACancellation_IsAppliedToAnotherSubscriptionsNextInvoice()
    {
        var second = Guid.Parse("a1b2c3d4-0002-4000-8000-000000000002");
        var first = Run(Account(), Input(Subscription(D(2026, 1, 1), 100m)), D(2026, 1, 1));
        var cancelled = Subscription(D(2026, 1, 1), 100m, endDate: D(2026, 1, 20), status: SubscriptionStatus.Cancelled);
        var afterCancel = Run(first.Account, Input(cancelled), D(2026, 1, 20));
        Assert.Equal(47.61m, afterCancel.Account.Credit);

        var other = Subscription(D(2026, 2, 1), 30m, id: second, number: "SUB-0002");
        var decision = Run(afterCancel.Account, Input(cancelled, other), D(2026, 2, 1));

        var invoice = Assert.Single(decision.Invoices);
        Assert.Equal((30m, 0m, 6.90m, 36.90m), Totals(invoice));
        Assert.Equal(36.90m, invoice.CreditApplied);
        Assert.Equal(10.71m, decision.Account.Credit); // 47.61 − 36.90
    }

    [Fact]
    public void NegativeCredit_IsBroughtForwardOnTheNextInvoice()
    {
        var decision = Run(Account(credit: -50m), Input(Subscription(D(2026, 2, 1), 100m)), D(2026, 2, 1));

        var invoice = Assert.Single(decision.Invoices);
        Assert.Equal(2, invoice.Draft.Items.Count);
        var balance = invoice.Draft.Items[1];
        Assert.Equal("Balance brought forward", balance.Description);
        Assert.Equal(1m, balance.Quantity);
        Assert.Equal(50m, balance.UnitPrice);
        Assert.Equal(0m, balance.TaxRate);
        Assert.Null(balance.SubscriptionId);
        // Subtotal 100 + 50 = 150; tax 23.00 (none on the balance); total 173.00.
        Assert.Equal((150m, 0m, 23m, 173m), Totals(invoice));
        Assert.Equal(0m, invoice.CreditApplied);
        Assert.Equal(0m, decision.Account.Credit);
    }

    [Fact]
    public void NegativeCredit_WithNothingToCharge_StaysOnTheAccount()
    {
        var decision = Run(Account(credit: -50m), Input(), D(2026, 2, 1));

        Assert.Empty(decision.Invoices);
        Assert.Equal(-50m, decision.Account.Credit);
        Assert.Equal(0, decision.Account.Runs);
    }

    [Fact]
    public void PendingOneTimeCharges_AppearOnceThenAreConsumed()
    {
        var router = Guid.Parse("c0000000-0000-4000-8000-000000000001");
        var charge = new OneTimeCharge("order-1/router", "Router", router, 1m, 199.99m, 0.23m, D(2026, 1, 10));
        var installation = new OneTimeCharge("order-1/installation", "Installation", null, 2m, 49.99m, 0.08m, D(2026, 1, 11));
        var account = Account(pending: [charge, installation]);

        var first = Run(account, Input(), D(2026, 1, 15));

        var invoice = Assert.Single(first.Invoices);
        Assert.Equal(InvoiceType.Recurring, invoice.Type);
        Assert.Collection(invoice.Draft.Items,
            line =>
            {
                Assert.Equal("Router", line.Description);
                Assert.Equal(router, line.ProductId);
                Assert.Equal(199.99m, line.NetAmount);
                Assert.Equal(46.00m, line.TaxAmount); // Round(199.99 × 0.23 = 45.9977)
                Assert.Equal(D(2026, 1, 10), line.PeriodStart);
                Assert.Equal(D(2026, 1, 10), line.PeriodEnd);
            },
            line =>
            {
                Assert.Equal("Installation", line.Description);
                Assert.Equal(99.98m, line.NetAmount); // 2 × 49.99
                Assert.Equal(8.00m, line.TaxAmount);  // Round(99.98 × 0.08 = 7.9984)
            });
        // Subtotal 199.99 + 99.98 = 299.97; tax 46.00 + 8.00 = 54.00; total 353.97.
        Assert.Equal((299.97m, 0m, 54m, 353.97m), Totals(invoice));
        Assert.Empty(first.Account.PendingCharges);
        Assert.Equal(account.ChargeKeys, first.Account.ChargeKeys);

        var second = Run(first.Account, Input(), D(2026, 1, 15));
        Assert.Empty(second.Invoices);
        var later = Run(first.Account, Input(), D(2026, 2, 1));
        Assert.Empty(later.Invoices);
    }

    [Fact]
    public void UsageBeyondTheAllowance_OfACompletedPeriod_IsRatedOnce()
    {
        var products = ProductsWith(new UsageAllowance(UsageType.Data, 1000m, 0.01m), new UsageAllowance(UsageType.Voice, 100m, 0.25m));
        var subscription = Subscription(D(2026, 1, 1), 100m);
        IReadOnlyList<UsageTotal> usage =
        [
            new(SubscriptionId, D(2026, 1, 10), UsageType.Data, 1500m),
            new(SubscriptionId, D(2026, 1, 31), UsageType.Data, 200m),
            new(SubscriptionId, D(2026, 1, 5), UsageType.Voice, 80m),   // within the 100 minutes
            new(SubscriptionId, D(2026, 2, 1), UsageType.Data, 5000m),  // February: not complete yet
            new(Guid.NewGuid(), D(2026, 1, 10), UsageType.Data, 9999m), // another subscription's
        ];
        var input = Input(products, subscription);

        var january = Run(Account(usage: usage), input, D(2026, 1, 1));
        Assert.Equal([100m], Assert.Single(january.Invoices).Draft.Items.Select(l => l.UnitPrice));
        Assert.Null(january.Account.Subscriptions[SubscriptionId].UsageRatedUntil);

        var february = Run(january.Account, input, D(2026, 2, 1));

        var invoice = Assert.Single(february.Invoices);
        Assert.Equal(2, invoice.Draft.Items.Count);
        Assert.Equal(100m, invoice.Draft.Items[0].UnitPrice);
        var data = invoice.Draft.Items[1];
        // January: 1500 + 200 = 1700 MB, 1000 included: 700 MB × 0.01 = 7.00; tax Round(7.00 × 0.23) = 1.61.
        Assert.Equal("Data beyond 1000 MB included, Mobile 100 (SUB-0001), 2026-01-01 – 2026-01-31", data.Description);
        Assert.Equal(700m, data.Quantity);
        Assert.Equal(0.01m, data.UnitPrice);
        Assert.Equal(7.00m, data.NetAmount);
        Assert.Equal(1.61m, data.TaxAmount);
        Assert.Equal(D(2026, 1, 1), data.PeriodStart);
        Assert.Equal(D(2026, 1, 31), data.PeriodEnd);
        // Subtotal 107.00; tax 23.00 + 1.61 = 24.61; total 131.61.
        Assert.Equal((107m, 0m, 24.61m, 131.61m), Totals(invoice));
        Assert.Equal(D(2026, 2, 1), february.Account.Subscriptions[SubscriptionId].UsageRatedUntil);
        // The rated January records are dropped; February's and the other subscription's stay.
        Assert.Equal([usage[3], usage[4]], february.Account.UnratedUsage.Values.OrderBy(u => u.Quantity));

        Assert.Empty(Run(february.Account, input, D(2026, 2, 1)).Invoices);
        Assert.Empty(Run(february.Account, input, D(2026, 2, 20)).Invoices);

        // March rates February: 5000 − 1000 = 4000 MB × 0.01 = 40.00.
        var march = Run(february.Account, input, D(2026, 3, 1));
        var marchLines = Assert.Single(march.Invoices).Draft.Items;
        Assert.Equal([100m, 40m], marchLines.Select(l => l.NetAmount));
        Assert.Equal(D(2026, 3, 1), march.Account.Subscriptions[SubscriptionId].UsageRatedUntil);
    }

    [Fact]
    public void Run_RatingUsage_RemembersTheRatedRecordsUntilTheNextRatingRun()
    {
        var subscription = Subscription(D(2026, 1, 1), 100m);
        IReadOnlyList<UsageTotal> usage =
        [
            new(SubscriptionId, D(2026, 1, 10), UsageType.Data, 1500m),
            new(SubscriptionId, D(2026, 2, 3), UsageType.Data, 50m),
        ];
        var account = Account(usage: usage);
        var (january, february) = (account.UnratedUsage.Keys.First(), account.UnratedUsage.Keys.Last());

        var rated = Run(account, Input(subscription), D(2026, 2, 1)).Account;
        var again = Run(rated, Input(subscription), D(2026, 2, 20)).Account;
        var next = Run(again, Input(subscription), D(2026, 3, 1)).Account;

        // A January record counted just before a crash kept it from being stored is known as rated: its retry stores it.
        Assert.True(BillingAccount.WasRated(rated, january, usage[0]));
        Assert.False(BillingAccount.WasRated(rated, january, usage[0] with { Quantity = 1m }));
        Assert.False(BillingAccount.WasRated(rated, february, usage[1]));
        // A run that rates nothing keeps the list; the next rating run replaces it.
        Assert.True(BillingAccount.WasRated(again, january, usage[0]));
        Assert.Equal([february], next.LastRatedUsage.Keys);
    }

    [Fact]
    public void Quarterly_BillsInAdvanceOnlyOnItsAnchors()
    {
        var subscription = Subscription(D(2026, 1, 1), 300m, BillingPeriod.Quarterly);
        var account = Account();
        var invoiced = new List<(DateOnly Date, decimal Amount, DateOnly? Start, DateOnly? End)>();
        for (var month = 1; month <= 12; month++)
        {
            var date = D(2026, month, 1);
            var decision = Run(account, Input(subscription), date);
            account = decision.Account;
            foreach (var line in decision.Invoices.SelectMany(i => i.Draft.Items))
            {
                invoiced.Add((date, line.UnitPrice, line.PeriodStart, line.PeriodEnd));
            }
        }

        Assert.Equal(
        [
            (D(2026, 1, 1), 300m, D(2026, 1, 1), D(2026, 3, 31)),
            (D(2026, 4, 1), 300m, D(2026, 4, 1), D(2026, 6, 30)),
            (D(2026, 7, 1), 300m, D(2026, 7, 1), D(2026, 9, 30)),
            (D(2026, 10, 1), 300m, D(2026, 10, 1), D(2026, 12, 31)),
        ], invoiced);
    }

    [Fact]
    public void Yearly_StartedMidMonth_ProratesTheDaysBeforeItsAnchorThenBillsOncePerYear()
    {
        // Cycle day 1, start 2026-01-15: anchor 2026-02-01; the days before it belong to [2025-02-01, 2026-02-01), 365 days.
        var subscription = Subscription(D(2026, 1, 15), 1200m, BillingPeriod.Yearly);
        var account = Account();
        var invoiced = new List<(DateOnly Date, decimal Amount, DateOnly? Start, DateOnly? End)>();
        var dates = new List<DateOnly> { D(2026, 1, 15) };
        for (var month = 0; month <= 13; month++)
        {
            dates.Add(D(2026, 2, 1).AddMonths(month));
        }

        foreach (var date in dates)
        {
            var decision = Run(account, Input(subscription), date);
            account = decision.Account;
            foreach (var line in decision.Invoices.SelectMany(i => i.Draft.Items))
            {
                invoiced.Add((date, line.UnitPrice, line.PeriodStart, line.PeriodEnd));
            }
        }

        Assert.Equal(
        [
            // Round(1200 × 365/365) − Round(1200 × 348/365) = 1200.00 − Round(1144.1095…) = 1200.00 − 1144.11 = 55.89.
            (D(2026, 1, 15), 55.89m, D(2026, 1, 15), D(2026, 1, 31)),
            (D(2026, 2, 1), 1200m, D(2026, 2, 1), D(2027, 1, 31)),
            (D(2027, 2, 1), 1200m, D(2027, 2, 1), D(2028, 1, 31)),
        ], invoiced);
    }

    [Fact]
    public void CycleDay31_BillsOnTheLastDayOfShortMonths()
    {
        var subscription = Subscription(D(2026, 1, 31), 100m);
        var account = Account(cycleDay: 31);
        var periods = new List<(DateOnly? Start, DateOnly? End, decimal Amount)>();
        foreach (var date in new[] { D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31), D(2026, 4, 30) })
        {
            var decision = Run(account, Input(subscription), date);
            account = decision.Account;
            periods.AddRange(decision.Invoices.SelectMany(i => i.Draft.Items).Select(l => (l.PeriodStart, l.PeriodEnd, l.UnitPrice)));
        }

        Assert.Equal(
        [
            (D(2026, 1, 31), D(2026, 2, 27), 100m),
            (D(2026, 2, 28), D(2026, 3, 30), 100m),
            (D(2026, 3, 31), D(2026, 4, 29), 100m),
            (D(2026, 4, 30), D(2026, 5, 30), 100m),
        ], periods);
    }

    [Fact]
    public void OneTimeBillingPeriodSubscriptions_AreNotBilledAsRecurring()
    {
        var decision = Run(Account(), Input(Subscription(D(2026, 1, 1), 100m, BillingPeriod.OneTime)), D(2026, 1, 1));

        Assert.Empty(decision.Invoices);
    }

    [Fact]
    public void CurrencyMismatch_IsAConflict()
    {
        var result = BillingRun.Decide(Account(), Input(Subscription(D(2026, 1, 1), 100m, currency: "EUR")), D(2026, 1, 1), Now);

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Conflict, result.Error.Kind);
        Assert.Contains("EUR", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("SUB-0001", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvoiceIds_AreDeterministicForTheSameAccountAndRun()
    {
        var input = Input(Subscription(D(2026, 1, 1), 100m));

        var once = Run(Account(), input, D(2026, 1, 1));
        var again = Run(Account(), input, D(2026, 1, 1));

        var id = Assert.Single(once.Invoices).InvoiceId;
        Assert.Equal(id, Assert.Single(again.Invoices).InvoiceId);
        Assert.Equal(Assert.Single(once.Invoices).CreditApplicationId, Assert.Single(again.Invoices).CreditApplicationId);
        Assert.Equal(BillingRun.InvoiceId(CustomerId, 1, InvoiceType.Recurring), id);
        Assert.Equal(BillingRun.InvoiceId(CustomerId, 1, InvoiceType.Recurring), BillingRun.InvoiceId(CustomerId, 1, InvoiceType.Recurring));
        Assert.NotEqual(id, BillingRun.InvoiceId(CustomerId, 2, InvoiceType.Recurring));
        Assert.NotEqual(id, BillingRun.InvoiceId(CustomerId, 1, InvoiceType.CreditNote));
        Assert.NotEqual(id, BillingRun.InvoiceId(Guid.NewGuid(), 1, InvoiceType.Recurring));

        var next = Run(once.Account, input, D(2026, 2, 1));
        Assert.Equal(BillingRun.InvoiceId(CustomerId, 2, InvoiceType.Recurring), Assert.Single(next.Invoices).InvoiceId);
    }

    [Fact]
    public void NewAccount_TakesTheCustomersIdAsItsOwn()
    {
        var account = new BillingAccountState { CustomerId = CustomerId, BillCycleDay = 1 };

        var decision = Run(account, Input(Subscription(D(2026, 1, 1), 100m)), D(2026, 1, 1));

        Assert.Equal(CustomerId, decision.Account.Id);
        Assert.Equal(BillingRun.InvoiceId(CustomerId, 1, InvoiceType.Recurring), Assert.Single(decision.Invoices).InvoiceId);
    }

    [Fact]
    public void LastCycleDate_NeverMovesBack()
    {
        var later = Run(Account(), Input(), D(2026, 3, 1));
        var earlier = Run(later.Account, Input(), D(2026, 2, 1));

        Assert.Equal(D(2026, 3, 1), earlier.Account.LastCycleDate);
    }
}
