using Bss.Abstractions.Billing;
using Bss.Abstractions.Customers;
using Bss.Abstractions.Invoices;
using Bss.Abstractions.Payments;
using Bss.Abstractions.Products;
using Bss.Abstractions.Subscriptions;
using Bss.Domain.Billing;
using Bss.Domain.Customers;
using Bss.Domain.Invoices;
using Bss.Domain.Payments;
using Bss.Domain.Products;
using Bss.Domain.Subscriptions;
using Orleans.TestingHost;

namespace Bss.Grains.Tests.Billing;

/// <summary>
/// A cluster of its own with a clock of its own for one billing scenario: the scenario moves time forward day by
/// day (billing runs from the account's daily work, as its reminder would run it), so it cannot share the clock
/// of the other grain tests. Storage is in memory, so invoice numbers start at 1 in every scenario. Scenarios are
/// set in years before the real date: the silo reads this clock too, and a clock ahead of the client's could make
/// it treat the client's requests as expired.
/// </summary>
public sealed class BillingWorld : IAsyncLifetime
{
    public ScenarioClock Time { get; } = new(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public DateOnly Today => DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);

    public async Task InitializeAsync() => Cluster = await ClusterFixture.StartAsync(1, Time);

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>Sets the clock to <paramref name="day"/> at <paramref name="hour"/> (never backwards).</summary>
    public void At(DateOnly day, int hour = 12) => Time.SetUtcNow(new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero));

    public async Task<Guid> CustomerAsync()
    {
        var id = Guid.NewGuid();
        var registered = await Grains.GetGrain<ICustomerGrain>(id).RegisterAsync(new CustomerDetails("Ewa", "Zielińska", "ewa@example.com", null, null, null));
        Assert.True(registered.IsSuccess, registered.Error?.Message);
        return id;
    }

    public async Task<Guid> ProductAsync(string name, decimal price, decimal taxRate = 0.23m, IReadOnlyList<UsageAllowance>? allowances = null)
    {
        var id = Guid.NewGuid();
        var added = await Grains.GetGrain<IProductGrain>(id).AddToCatalogAsync(new ProductDetails(
            "P-" + id.ToString("N")[..8].ToUpperInvariant(), name, null, ProductType.Tariff, ProductCategory.Mobile, price, "PLN",
            BillingPeriod.Monthly, null, null, null, taxRate, allowances));
        Assert.True(added.IsSuccess, added.Error?.Message);
        return id;
    }

    public async Task<Guid> SubscribeAsync(Guid customerId, Guid productId)
    {
        var id = Guid.NewGuid();
        var created = await Grains.GetGrain<ISubscriptionGrain>(id).SubscribeAsync(new SubscriptionDetails(
            null, customerId, productId, null, null, null, null, null, null, null, null, null, null, null, null));
        Assert.True(created.IsSuccess, created.Error?.Message);
        return id;
    }

    public IBillingAccountGrain Account(Guid customerId) => Grains.GetGrain<IBillingAccountGrain>(customerId);

    /// <summary>Runs every day from tomorrow through <paramref name="last"/>: the account's daily work at 06:00, then
    /// the day's events (if any) at noon.</summary>
    public async Task DaysThroughAsync(Guid customerId, DateOnly last, Func<DateOnly, Task>? events = null)
    {
        for (var day = Today.AddDays(1); day <= last; day = day.AddDays(1))
        {
            At(day, 6);
            await Account(customerId).RunDailyAsync();
            At(day, 12);
            if (events is not null)
            {
                await events(day);
            }
        }
    }

    /// <summary>The invoices a customer's runs generated, in the order they were generated (ids are fixed by run).</summary>
    public async Task<List<InvoiceState>> InvoicesAsync(Guid customerId)
    {
        var account = await Account(customerId).GetAsync();
        var invoices = new List<InvoiceState>();
        for (var run = 1; invoices.Count < account.InvoicesGenerated; run++)
        {
            foreach (var type in new[] { InvoiceType.CreditNote, InvoiceType.Recurring })
            {
                if (await Grains.GetGrain<IInvoiceGrain>(BillingRun.InvoiceId(customerId, run, type)).GetAsync() is { } invoice)
                {
                    invoices.Add(invoice.State);
                }
            }

            Assert.True(run < 100, "runs without the invoices the account counted");
        }

        return invoices;
    }

    public async Task<Guid> PayAsync(Guid customerId, Guid? invoiceId, decimal amount)
    {
        var id = Guid.NewGuid();
        var paid = await Grains.GetGrain<IPaymentGrain>(id).RecordAsync(new PaymentDetails(customerId, invoiceId, amount, "PLN",
            PaymentMethod.BankTransfer, PaymentStatus.Completed, null, null, null, null, null, null, null));
        Assert.True(paid.IsSuccess, paid.Error?.Message);
        return id;
    }

    public async Task<Guid> PayInFullAsync(Guid customerId, InvoiceState invoice) =>
        await PayAsync(customerId, invoice.Id, invoice.TotalAmount - invoice.AmountPaid);

    public async Task<InvoiceState> InvoiceAsync(Guid id) => (await Grains.GetGrain<IInvoiceGrain>(id).GetAsync())!.State;

    public async Task<SubscriptionView> SubscriptionAsync(Guid id) => (await Grains.GetGrain<ISubscriptionGrain>(id).GetAsync())!;

    public async Task<CustomerStatus> CustomerStatusAsync(Guid id) => (await Grains.GetGrain<ICustomerGrain>(id).GetAsync())!.Status;
}

/// <summary>
/// A clock whose date the scenario sets (jumping months ahead), while timers and timestamps stay real: the silo's own
/// periodic timers run on this provider too, and a fake clock would fire them once per elapsed period on every jump.
/// </summary>
public sealed class ScenarioClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void SetUtcNow(DateTimeOffset now)
    {
        if (now < _now)
        {
            throw new ArgumentOutOfRangeException(nameof(now), now, "a scenario's clock only moves forward");
        }

        _now = now;
    }
}

/// <summary>What a test expects of an invoice, computed by hand.</summary>
public sealed record ExpectedInvoice(string Number, InvoiceType Type, DateOnly IssueDate, decimal Subtotal, decimal Tax, decimal Total)
{
    public static void Check(IReadOnlyList<ExpectedInvoice> expected, IReadOnlyList<InvoiceState> actual)
    {
        Assert.Equal(
            expected.Select(e => (e.Number, e.Type, e.IssueDate, e.Subtotal, e.Tax, e.Total)),
            actual.Select(a => (a.InvoiceNumber!, a.InvoiceType, a.IssueDate!.Value, a.Subtotal, a.TaxAmount, a.TotalAmount)));
        foreach (var invoice in actual)
        {
            Assert.Equal(invoice.TotalAmount, invoice.Subtotal - invoice.DiscountAmount + invoice.TaxAmount);
            Assert.Equal(invoice.Subtotal, invoice.Items.Sum(l => l.NetAmount));
            Assert.Equal(invoice.TaxAmount, invoice.Items.Sum(l => l.TaxAmount));
        }
    }
}
