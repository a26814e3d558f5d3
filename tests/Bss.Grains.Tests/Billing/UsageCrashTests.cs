using Bss.Abstractions.Billing;
using Bss.Domain.Billing;

namespace Bss.Grains.Tests.Billing;

/// <summary>
/// A usage record is counted on the account before it is stored. A crash between the two, then a run that rates its
/// period: the retry stores the record and answers it, and the record is billed once.
/// </summary>
public sealed class UsageCrashTests(BillingWorld world) : IClassFixture<BillingWorld>
{
    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public async Task RecordUsage_CrashBeforeStoredThenRated_RetryStoresItAndItIsBilledOnce()
    {
        world.At(D(2021, 1, 1));
        var customer = await world.CustomerAsync();
        var plan = await world.ProductAsync("Data 1 GB", 80.00m, allowances: [new UsageAllowance(UsageType.Data, 1024m, 0.05m)]);
        var subscription = await world.SubscribeAsync(customer, plan);
        var account = world.Account(customer);
        world.At(D(2021, 2, 1), 6);
        await account.BillAsync(D(2021, 2, 1));

        world.At(D(2021, 2, 10));
        var usage = new UsageRecordDetails(Guid.NewGuid(), subscription, customer, UsageType.Data, 1124m, D(2021, 2, 10), null);
        Crashes.Before(world.Grains.GetGrain<IUsageRecordGrain>(usage.Id), nameof(IUsageRecordGrain.StoreAsync));
        await Assert.ThrowsAnyAsync<Exception>(() => account.RecordUsageAsync(usage));
        world.At(D(2021, 3, 1), 6);
        var march = await world.InvoiceAsync((await account.BillAsync(D(2021, 3, 1))).Value!.Invoices.Single().InvoiceId);

        var retry = await account.RecordUsageAsync(usage);

        Assert.True(retry.IsSuccess, retry.Error?.Message);
        Assert.Equal(1124m, retry.Value!.Quantity);
        Assert.NotNull(await world.Grains.GetGrain<IUsageRecordGrain>(usage.Id).GetAsync());
        // 1124 MB is 100 MB beyond the 1024 included: 100 × 0.05 = 5.00, on March's invoice, and never again.
        Assert.Contains(march.Items, l => l.NetAmount == 5.00m && l.Quantity == 100m);
        world.At(D(2021, 4, 1), 6);
        var april = await world.InvoiceAsync((await account.BillAsync(D(2021, 4, 1))).Value!.Invoices.Single().InvoiceId);
        Assert.DoesNotContain(april.Items, l => l.Quantity == 100m);
    }
}
