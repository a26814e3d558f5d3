using Bss.Abstractions.Billing;
using Bss.Abstractions.Invoices;
using Bss.Domain.Billing;
using Bss.Domain.Invoices;

namespace Bss.Grains.Tests.Billing;

/// <summary>
/// A run's writes: the account once (its decision; forgetting the delivered invoices waits for its next change) and
/// each invoice once (issued with its credit applied). A delivery that crashes is delivered by the next run without a
/// second invoice, number or credit. (An activation that finds delivered invoices still listed in storage delivers them
/// the same way: BillingCycleCrashTests kills a silo mid-cycle on the real storage; in-memory storage here cannot
/// reload a billing account.)
/// </summary>
public sealed class BillingDeliveryTests(BillingWorld world) : IClassFixture<BillingWorld>
{
    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public async Task Bill_WithCredit_WritesTheAccountOnce_AndTheInvoiceOnceWithTheCreditApplied()
    {
        var (_, account) = await CustomerWithCreditAsync(D(2022, 1, 1), 50.00m, 20.00m);
        var before = await account.GetAsync();

        world.At(D(2022, 2, 1), 6);
        var run = await account.BillAsync(D(2022, 2, 1));

        Assert.True(run.IsSuccess, run.Error?.Message);
        var invoice = await world.InvoiceAsync(run.Value!.Invoices.Single().InvoiceId);
        // January (31 days at 50.00) and February in advance: 2 × 50.00 net + 23 % tax = 123.00, 20.00 of it paid by credit.
        Assert.Equal((123.00m, 20.00m, InvoiceStatus.Issued), (invoice.TotalAmount, invoice.AmountPaid, invoice.Status));
        Assert.Equal(1, invoice.Version);
        Assert.Equal(before.Version + 1, (await account.GetAsync()).Version);
        Assert.Equal(0m, (await account.GetAsync()).Credit);
    }

    [Fact]
    public async Task Bill_DeliveryCrashed_NextRunDeliversOnce_AndNumbersGoOnWithoutAGap()
    {
        var (customer, account) = await CustomerWithCreditAsync(D(2023, 1, 1), 40.00m, 10.00m);
        var invoiceId = BillingRun.InvoiceId(customer, 1, InvoiceType.Recurring);

        world.At(D(2023, 2, 1), 6);
        Crashes.Before(world.Grains.GetGrain<IInvoiceGrain>(invoiceId), nameof(IInvoiceGrain.CreateGeneratedAsync));
        await Assert.ThrowsAnyAsync<Exception>(() => account.BillAsync(D(2023, 2, 1)));
        Assert.Null(await world.Grains.GetGrain<IInvoiceGrain>(invoiceId).GetAsync());

        var again = await account.BillAsync(D(2023, 2, 1));

        Assert.True(again.IsSuccess, again.Error?.Message);
        Assert.Empty(again.Value!.Invoices);
        var invoice = Assert.Single(await world.InvoicesAsync(customer));
        Assert.Equal((invoiceId, "FV/2023/000001", 10.00m, 1), (invoice.Id, invoice.InvoiceNumber, invoice.AmountPaid, invoice.Version));

        // A third run of the date delivers nothing again, writes nothing, and bills nothing new.
        var stored = await account.GetAsync();
        var third = await account.BillAsync(D(2023, 2, 1));

        Assert.Empty(third.Value!.Invoices);
        Assert.Equal((1, 10.00m), ((await world.InvoiceAsync(invoiceId)).Version, (await world.InvoiceAsync(invoiceId)).AmountPaid));
        Assert.Equal(stored.Version, (await account.GetAsync()).Version);

        // The next month's run stores the account with the delivered invoice forgotten, and numbers on without a gap.
        world.At(D(2023, 3, 1), 6);
        var march = await account.BillAsync(D(2023, 3, 1));
        Assert.Equal("FV/2023/000002", (await world.InvoiceAsync(march.Value!.Invoices.Single().InvoiceId)).InvoiceNumber);
    }

    /// <summary>A customer subscribed from <paramref name="day"/> to a monthly plan, holding <paramref name="credit"/>
    /// from a payment without an invoice.</summary>
    private async Task<(Guid Customer, IBillingAccountGrain Account)> CustomerWithCreditAsync(DateOnly day, decimal price, decimal credit)
    {
        world.At(day);
        var customer = await world.CustomerAsync();
        await world.SubscribeAsync(customer, await world.ProductAsync("Monthly plan", price));
        await world.PayAsync(customer, null, credit);
        return (customer, world.Account(customer));
    }
}
