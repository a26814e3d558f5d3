using Bss.Abstractions.Subscriptions;
using Bss.Domain.Billing;
using Bss.Domain.Invoices;
using Bss.Domain.Subscriptions;

namespace Bss.Grains.Tests.Billing;

/// <summary>
/// Thirteen months of one customer, day by day on a fake clock: signup mid-month, an upgrade on the 31st, a
/// downgrade, a cancellation. Every expected amount is worked out by hand below (proration: the amount for days
/// [a, b) of a period starting at s is Round(P·(b−s)/days) − Round(P·(a−s)/days); tax per line, rounded).
/// </summary>
public sealed class PlanChangeScenarioTests(BillingWorld world) : IClassFixture<BillingWorld>
{
    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public async Task SignupMidMonth_UpgradeOnThe31st_Downgrade_Cancellation_OverThirteenMonths()
    {
        world.At(D(2022, 1, 15));
        var customer = await world.CustomerAsync();
        var basic = await world.ProductAsync("Basic", 49.99m);
        var premium = await world.ProductAsync("Premium", 99.99m);
        var subscriptionId = await world.SubscribeAsync(customer, basic);
        var subscription = world.Grains.GetGrain<ISubscriptionGrain>(subscriptionId);

        await world.DaysThroughAsync(customer, D(2023, 1, 31), async day =>
        {
            // The customer pays every invoice in full four days after it is issued.
            foreach (var due in (await world.InvoicesAsync(customer)).Where(i => i.BalanceDue > 0 && i.IssueDate!.Value.AddDays(4) == day))
            {
                await world.PayInFullAsync(customer, due);
            }

            var change = day switch
            {
                _ when day == D(2022, 3, 31) => await subscription.ChangePlanAsync(new PlanChange(premium, null, null, null), null),
                _ when day == D(2022, 6, 10) => await subscription.ChangePlanAsync(new PlanChange(basic, null, null, null), null),
                _ when day == D(2022, 9, 20) => await subscription.ChangeStatusAsync(SubscriptionStatus.Cancelled, null),
                _ => null,
            };
            Assert.True(change?.IsSuccess ?? true, change?.Error?.Message);
            Assert.Equal(DunningStage.None, (await world.Account(customer).GetAsync()).DunningStage);
        });

        var invoices = await world.InvoicesAsync(customer);
        ExpectedInvoice.Check(
        [
            // Basic 15–31 Jan, 17 of 31 days: 49.99 − Round(49.99·14/31 = 22.576) = 49.99 − 22.58 = 27.41, tax 6.30;
            // February in advance 49.99, tax 11.50 (Round(11.4977)). 77.40 + 17.80 = 95.20.
            new("FV/2022/000001", InvoiceType.Recurring, D(2022, 2, 1), 77.40m, 17.80m, 95.20m),
            new("FV/2022/000002", InvoiceType.Recurring, D(2022, 3, 1), 49.99m, 11.50m, 61.49m),
            // Upgrade on 31 March. Credit Basic for 31 Mar (1 of 31 days): 49.99 − Round(49.99·30/31 = 48.377) = 1.61,
            // tax Round(0.3703) = 0.37.
            new("FV/2022/000003", InvoiceType.CreditNote, D(2022, 4, 1), 1.61m, 0.37m, 1.98m),
            // Premium for 31 Mar: 99.99 − Round(99.99·30/31 = 96.7645) = 3.23, tax Round(0.7429) = 0.74; April 99.99,
            // tax 23.00. 103.22 + 23.74 = 126.96, of which the credit note's 1.98 is paid from account credit.
            new("FV/2022/000004", InvoiceType.Recurring, D(2022, 4, 1), 103.22m, 23.74m, 126.96m),
            new("FV/2022/000005", InvoiceType.Recurring, D(2022, 5, 1), 99.99m, 23.00m, 122.99m),
            new("FV/2022/000006", InvoiceType.Recurring, D(2022, 6, 1), 99.99m, 23.00m, 122.99m),
            // Downgrade on 10 June. Credit Premium 10–30 June (21 of 30): 99.99 − Round(99.99·9/30 = 29.997) = 69.99,
            // tax Round(16.0977) = 16.10.
            new("FV/2022/000007", InvoiceType.CreditNote, D(2022, 7, 1), 69.99m, 16.10m, 86.09m),
            // Basic 10–30 June: 49.99 − Round(49.99·9/30 = 14.997) = 34.99, tax Round(8.0477) = 8.05; July 49.99, tax
            // 11.50. 84.98 + 19.55 = 104.53, of which 86.09 comes from the credit.
            new("FV/2022/000008", InvoiceType.Recurring, D(2022, 7, 1), 84.98m, 19.55m, 104.53m),
            new("FV/2022/000009", InvoiceType.Recurring, D(2022, 8, 1), 49.99m, 11.50m, 61.49m),
            new("FV/2022/000010", InvoiceType.Recurring, D(2022, 9, 1), 49.99m, 11.50m, 61.49m),
            // Cancelled on 20 September: credit 20–30 Sep (11 of 30): 49.99 − Round(49.99·19/30 = 31.660) = 18.33,
            // tax Round(4.2159) = 4.22. Nothing more is charged, so the credit stays on the account.
            new("FV/2022/000011", InvoiceType.CreditNote, D(2022, 10, 1), 18.33m, 4.22m, 22.55m),
        ], invoices);

        Assert.StartsWith("Basic (", invoices[0].Items[0].Description, StringComparison.Ordinal);
        Assert.EndsWith("17 of 31 days", invoices[0].Items[0].Description, StringComparison.Ordinal);
        Assert.Equal((27.41m, D(2022, 1, 15), D(2022, 1, 31)), Line(invoices[0], 0));
        Assert.Equal((49.99m, D(2022, 2, 1), D(2022, 2, 28)), Line(invoices[0], 1));
        Assert.Equal((3.23m, D(2022, 3, 31), D(2022, 3, 31)), Line(invoices[3], 0));
        Assert.Equal((1.98m, 124.98m), (invoices[3].AppliedPayments.Values.Min(), invoices[3].TotalAmount - invoices[3].AppliedPayments.Values.Min()));
        Assert.Equal((18.33m, D(2022, 9, 20), D(2022, 9, 30)), Line(invoices[10], 0));
        Assert.All(invoices, i => Assert.Equal(InvoiceStatus.Paid, i.Status));

        var account = await world.Account(customer).GetAsync();
        Assert.Equal(22.55m, account.Credit);
        Assert.Equal(11, account.InvoicesGenerated);
        var ended = await world.SubscriptionAsync(subscriptionId);
        Assert.Equal((SubscriptionStatus.Cancelled, D(2022, 9, 20)), (ended.Status, ended.EndDate));
    }

    private static (decimal Amount, DateOnly From, DateOnly To) Line(InvoiceState invoice, int index) =>
        (invoice.Items[index].NetAmount, invoice.Items[index].PeriodStart!.Value, invoice.Items[index].PeriodEnd!.Value);
}
