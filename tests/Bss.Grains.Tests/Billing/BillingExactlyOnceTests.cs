using Bss.Abstractions.Billing;
using Bss.Domain.Billing;
using Bss.Domain.Common;
using Bss.Domain.Invoices;

namespace Bss.Grains.Tests.Billing;

/// <summary>
/// A run of the same date again, twenty at once, a preview before the run, usage and one-time charges: each
/// (subscription, period), usage record and charge is billed once.
/// </summary>
public sealed class BillingExactlyOnceTests(BillingWorld world) : IClassFixture<BillingWorld>
{
    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public async Task ConcurrentAndRepeatedRuns_Preview_Usage_AndOneTimeCharges_AreBilledOnce()
    {
        world.At(D(2021, 1, 15));
        var customer = await world.CustomerAsync();
        var plan = await world.ProductAsync("Data 1 GB", 80.00m, allowances: [new UsageAllowance(UsageType.Data, 1024m, 0.05m)]);
        var subscription = await world.SubscribeAsync(customer, plan);
        var account = world.Account(customer);

        // Twenty runs of 1 February at once, then one more: one invoice.
        world.At(D(2021, 2, 1), 6);
        var runs = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => account.BillAsync(D(2021, 2, 1))));
        Assert.All(runs, r => Assert.True(r.IsSuccess, r.Error?.Message));
        Assert.Equal(1, runs.Sum(r => r.Value!.Invoices.Count));
        Assert.Empty((await account.BillAsync(D(2021, 2, 1))).Value!.Invoices);
        var february = (await world.InvoicesAsync(customer)).Single();
        // 15–31 Jan, 17 of 31 days: 80 − Round(80·14/31 = 36.129) = 43.87; February 80.00.
        Assert.Equal([43.87m, 80.00m], february.Items.Select(l => l.NetAmount));
        Assert.Equal("FV/2021/000001", february.InvoiceNumber);

        // February's data: 3 × 400 MB, one record sent twice.
        var records = new[] { (D(2021, 2, 3), Guid.NewGuid()), (D(2021, 2, 10), Guid.NewGuid()), (D(2021, 2, 20), Guid.NewGuid()) };
        foreach (var (day, id) in records)
        {
            world.At(day);
            Assert.True((await account.RecordUsageAsync(Usage(id, subscription, customer, 400m, day))).IsSuccess);
        }

        var repeated = await account.RecordUsageAsync(Usage(records[0].Item2, subscription, customer, 400m, records[0].Item1));
        Assert.Equal(400m, repeated.Value!.Quantity);
        var changed = await account.RecordUsageAsync(Usage(records[0].Item2, subscription, customer, 500m, records[0].Item1));
        Assert.Equal(ErrorKind.AlreadyExists, changed.Error!.Kind);

        // The preview of 1 March is exactly what the run of 1 March then generates.
        world.At(D(2021, 3, 1), 6);
        var preview = await account.PreviewAsync(D(2021, 3, 1));
        var run = await account.BillAsync(D(2021, 3, 1));
        Assert.Equivalent(preview.Value!.Invoices, run.Value!.Invoices, strict: true);
        var march = await world.InvoiceAsync(run.Value.Invoices.Single().InvoiceId);
        // March 80.00; February's 1200 MB is 176 MB beyond the 1024 included: 176 × 0.05 = 8.80, tax Round(2.024) = 2.02.
        Assert.Equal([(80.00m, 18.40m), (8.80m, 2.02m)], march.Items.Select(l => (l.NetAmount, l.TaxAmount)));
        Assert.Equal((176m, 0.05m), (march.Items[1].Quantity, march.Items[1].UnitPrice));
        Assert.Equal(109.22m, march.TotalAmount);

        // February is invoiced: its usage can no longer change.
        var late = await account.RecordUsageAsync(Usage(Guid.NewGuid(), subscription, customer, 10m, D(2021, 2, 25)));
        Assert.Equal(ErrorKind.Conflict, late.Error!.Kind);
        Assert.Equal(["falls in a period already invoiced"], late.Error.FieldErrors!["usageDate"]);

        // A one-time charge delivered twice (a retried order completion step) is charged once, on the next invoice.
        var router = new OneTimeCharge("order/test/0", "Router (order ORD-1)", null, 1, 199.00m, 0.23m, D(2021, 3, 1));
        await account.AddOneTimeChargeAsync(router);
        await account.AddOneTimeChargeAsync(router);
        world.At(D(2021, 4, 1), 6);
        var april = await world.InvoiceAsync((await account.BillAsync(D(2021, 4, 1))).Value!.Invoices.Single().InvoiceId);
        Assert.Equal([(80.00m, 18.40m), (199.00m, 45.77m)], april.Items.Select(l => (l.NetAmount, l.TaxAmount)));
        Assert.Equal(["FV/2021/000001", "FV/2021/000002", "FV/2021/000003"], (await world.InvoicesAsync(customer)).Select(i => i.InvoiceNumber!));

        // The run of 1 April settled the days through 1 March and forgot the router's key: a late repeat is refused,
        // and May's invoice has no second router.
        Assert.Equal(ErrorKind.Conflict, (await account.AddOneTimeChargeAsync(router))!.Kind);
        world.At(D(2021, 5, 1), 6);
        var may = await world.InvoiceAsync((await account.BillAsync(D(2021, 5, 1))).Value!.Invoices.Single().InvoiceId);
        Assert.Equal([(80.00m, 18.40m)], may.Items.Select(l => (l.NetAmount, l.TaxAmount)));
    }

    private static UsageRecordDetails Usage(Guid id, Guid subscription, Guid customer, decimal megabytes, DateOnly day) =>
        new(id, subscription, customer, UsageType.Data, megabytes, day, null);
}
