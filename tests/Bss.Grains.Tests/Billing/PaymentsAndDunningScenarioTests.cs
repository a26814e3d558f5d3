using Bss.Abstractions.Payments;
using Bss.Domain.Billing;
using Bss.Domain.Customers;
using Bss.Domain.Invoices;
using Bss.Domain.Payments;
using Bss.Domain.Subscriptions;

namespace Bss.Grains.Tests.Billing;

/// <summary>
/// Five months of one customer who pays late: a partial payment, an invoice going OVERDUE, suspension by dunning
/// after the 14-day grace, an overpayment that resumes exactly the suspended subscription and becomes credit for
/// the next invoice, a payment without an invoice, and its refund after the credit was used.
/// </summary>
public sealed class PaymentsAndDunningScenarioTests(BillingWorld world) : IClassFixture<BillingWorld>
{
    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public async Task PartialPayment_Overdue_SuspendedAfterGrace_OverpaymentResumes_CreditAndRefund()
    {
        world.At(D(2022, 1, 1), 5);
        var customer = await world.CustomerAsync();
        var mobile = await world.ProductAsync("Mobile 100", 100.00m);
        var subscriptionId = await world.SubscribeAsync(customer, mobile);
        var account = world.Account(customer);
        world.At(D(2022, 1, 1), 6);
        await account.RunDailyAsync();
        var first = (await world.InvoicesAsync(customer)).Single();
        Assert.Equal((123.00m, D(2022, 1, 15)), (first.TotalAmount, first.DueDate!.Value));
        Guid creditPayment = default;

        await world.DaysThroughAsync(customer, D(2022, 5, 31), async day =>
        {
            var invoices = await world.InvoicesAsync(customer);
            var subscription = await world.SubscriptionAsync(subscriptionId);
            var stage = (await account.GetAsync()).DunningStage;
            switch (day)
            {
                case { Month: 1, Day: 10 }:
                    await world.PayAsync(customer, first.Id, 50.00m);
                    Assert.Equal((InvoiceStatus.Issued, 73.00m), Settlement(await world.InvoiceAsync(first.Id)));
                    break;
                case { Month: 1, Day: 15 }:
                    Assert.Equal(InvoiceStatus.Issued, invoices[0].Status);
                    break;
                case { Month: 1, Day: 16 }:
                    Assert.Equal(InvoiceStatus.Overdue, invoices[0].Status);
                    Assert.Equal(DunningStage.None, stage);
                    break;
                case { Month: 1, Day: 29 }:
                    // Overdue for 14 days: still within the grace.
                    Assert.Equal((DunningStage.None, SubscriptionStatus.Active), (stage, subscription.Status));
                    break;
                case { Month: 1, Day: 30 }:
                    Assert.Equal(DunningStage.Suspended, stage);
                    Assert.Equal((SubscriptionStatus.Suspended, SuspensionReason.Dunning), (subscription.Status, subscription.SuspensionReason));
                    Assert.Equal(CustomerStatus.Suspended, await world.CustomerStatusAsync(customer));
                    Assert.Equal([subscriptionId], (await account.GetAsync()).DunningSuspendedSubscriptionIds);
                    break;
                case { Month: 2, Day: 1 }:
                    // Suspension does not stop the contract: February is billed.
                    Assert.Equal((2, 123.00m), (invoices.Count, invoices[1].TotalAmount));
                    break;
                case { Month: 2, Day: 3 }:
                    // 200 against 73 due: the invoice is PAID, 127 becomes credit, and nothing is past due any more.
                    await world.PayAsync(customer, first.Id, 200.00m);
                    Assert.Equal((InvoiceStatus.Paid, 0m), Settlement(await world.InvoiceAsync(first.Id)));
                    Assert.Equal(D(2022, 2, 3), (await world.InvoiceAsync(first.Id)).PaidDate);
                    await WaitUntilAsync(async () => (await account.GetAsync()).DunningStage == DunningStage.None);
                    Assert.Equal((SubscriptionStatus.Active, (SuspensionReason?)null), ((await world.SubscriptionAsync(subscriptionId)).Status,
                        (await world.SubscriptionAsync(subscriptionId)).SuspensionReason));
                    Assert.Equal(CustomerStatus.Active, await world.CustomerStatusAsync(customer));
                    await WaitUntilAsync(async () => (await account.GetAsync()).Credit == 127.00m);
                    break;
                case { Month: 2, Day: 10 }:
                    await world.PayInFullAsync(customer, invoices[1]);
                    break;
                case { Month: 3, Day: 1 }:
                    // The credit pays March in full at issue; 4.00 is left.
                    Assert.Equal((InvoiceStatus.Paid, 0m), Settlement(invoices[2]));
                    Assert.Equal(4.00m, (await account.GetAsync()).Credit);
                    break;
                case { Month: 3, Day: 5 }:
                    creditPayment = await world.PayAsync(customer, null, 50.00m);
                    Assert.Equal(54.00m, (await account.GetAsync()).Credit);
                    break;
                case { Month: 4, Day: 1 }:
                    Assert.Equal((InvoiceStatus.Issued, 69.00m), Settlement(invoices[3]));
                    Assert.Equal(0m, (await account.GetAsync()).Credit);
                    break;
                case { Month: 4, Day: 5 }:
                    await world.PayInFullAsync(customer, invoices[3]);
                    break;
                case { Month: 4, Day: 10 }:
                    // The refunded payment's credit was already used: the account owes it, carried to the next invoice.
                    var refunded = await world.Grains.GetGrain<IPaymentGrain>(creditPayment).ChangeStatusAsync(PaymentStatus.Refunded, "paid twice", null);
                    Assert.True(refunded.IsSuccess, refunded.Error?.Message);
                    Assert.Equal(-50.00m, (await account.GetAsync()).Credit);
                    break;
                case { Month: 5, Day: 5 }:
                    await world.PayInFullAsync(customer, invoices[4]);
                    break;
            }
        });

        var all = await world.InvoicesAsync(customer);
        ExpectedInvoice.Check(
        [
            new("FV/2022/000001", InvoiceType.Recurring, D(2022, 1, 1), 100.00m, 23.00m, 123.00m),
            new("FV/2022/000002", InvoiceType.Recurring, D(2022, 2, 1), 100.00m, 23.00m, 123.00m),
            new("FV/2022/000003", InvoiceType.Recurring, D(2022, 3, 1), 100.00m, 23.00m, 123.00m),
            new("FV/2022/000004", InvoiceType.Recurring, D(2022, 4, 1), 100.00m, 23.00m, 123.00m),
            // May, plus the 50.00 brought forward (no tax on a balance).
            new("FV/2022/000005", InvoiceType.Recurring, D(2022, 5, 1), 150.00m, 23.00m, 173.00m),
        ], all);
        Assert.Equal(("Balance brought forward", 50.00m, 0m), (all[4].Items[1].Description, all[4].Items[1].NetAmount, all[4].Items[1].TaxAmount));
        Assert.All(all, i => Assert.Equal(InvoiceStatus.Paid, i.Status));
        Assert.Equal((0m, DunningStage.None), ((await account.GetAsync()).Credit, (await account.GetAsync()).DunningStage));
    }

    private static (InvoiceStatus, decimal) Settlement(Domain.Invoices.InvoiceState invoice) => (invoice.Status, invoice.BalanceDue);

    /// <summary>Effects delivered one-way (an invoice telling its account it was paid) land a moment later.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200 && !await condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(await condition(), "the condition did not come true within 5 s");
    }
}
