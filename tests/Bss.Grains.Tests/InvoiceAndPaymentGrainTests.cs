using Bss.Abstractions.Customers;
using Bss.Abstractions.Invoices;
using Bss.Abstractions.Payments;
using Bss.Domain.Customers;
using Bss.Domain.Invoices;
using Bss.Domain.Payments;
using Microsoft.Extensions.Time.Testing;

namespace Bss.Grains.Tests;

[Collection(ClusterCollection.Name)]
public class InvoiceAndPaymentGrainTests(ClusterFixture fixture)
{
    private async Task<Guid> CustomerAsync()
    {
        var id = Guid.NewGuid();
        await fixture.Grains.GetGrain<ICustomerGrain>(id).RegisterAsync(new CustomerDetails("Ola", "Nowak", "ola@example.com", null, null, null));
        return id;
    }

    private async Task<IInvoiceGrain> DraftAsync(Guid customerId, decimal unitPrice = 100m)
    {
        var invoice = fixture.Grains.GetGrain<IInvoiceGrain>(Guid.NewGuid());
        var created = await invoice.CreateDraftAsync(new InvoiceDraft(customerId, InvoiceType.OneTime,
            [new InvoiceLine("Router", 1, unitPrice, 0, 0.23m, null, null)], null, null, null, null, null, null));
        Assert.True(created.IsSuccess, created.Error?.Message);
        return invoice;
    }

    [Fact]
    public async Task CreateDraft_UnknownCustomer_NamesCustomerId()
    {
        var invoice = fixture.Grains.GetGrain<IInvoiceGrain>(Guid.NewGuid());

        var result = await invoice.CreateDraftAsync(new InvoiceDraft(Guid.NewGuid(), InvoiceType.OneTime,
            [new InvoiceLine("x", 1, 1, 0, 0, null, null)], null, null, null, null, null, null));

        Assert.Contains("customerId", result.Error!.FieldErrors!.Keys);
        Assert.Null(await invoice.GetAsync());
    }

    [Fact]
    public async Task HeaderDraft_Issue_TakesTheNextLegalNumberAndKeepsTheTypedOne()
    {
        var customer = await CustomerAsync();
        var invoice = fixture.Grains.GetGrain<IInvoiceGrain>(Guid.NewGuid());
        var created = await invoice.CreateDraftAsync(new InvoiceDraft(customer, InvoiceType.Adjustment, [], null, null, null, null, null, null,
            ManualNumber: "KOR/2026/15", Amounts: new InvoiceAmounts(200m, 0m, 46m, 246m)));
        Assert.True(created.IsSuccess, created.Error?.Message);

        var issued = await invoice.IssueAsync(null);

        Assert.True(issued.IsSuccess, issued.Error?.Message);
        Assert.Matches(@"^FV/\d{4}/\d{6}$", issued.Value.State.InvoiceNumber);
        Assert.Equal(("KOR/2026/15", 246m, 246m), (issued.Value.State.ManualNumber, issued.Value.State.TotalAmount, issued.Value.State.BalanceDue));
    }

    [Fact]
    public async Task Issue_ConcurrentInvoices_GetConsecutiveDistinctNumbers()
    {
        var customer = await CustomerAsync();
        var invoices = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => DraftAsync(customer)));

        var issued = await Task.WhenAll(invoices.Select(i => i.IssueAsync(null)));

        var numbers = issued.Select(r => int.Parse(r.Value!.State.InvoiceNumber![^6..], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(20, numbers.Distinct().Count());
        Assert.Equal(19, numbers[^1] - numbers[0]);
        Assert.All(issued, r => Assert.StartsWith($"FV/{fixture.Time.GetUtcNow().Year}/", r.Value!.State.InvoiceNumber, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Issue_ConcurrentInvoicesWhileANumberWriteFails_RetriedOnesGetTheNumbers_NoneSkippedOrRepeated()
    {
        var customer = await CustomerAsync();
        var invoices = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => DraftAsync(customer)));
        var first = Number((await (await DraftAsync(customer)).IssueAsync(null)).Value!.State.InvoiceNumber!);
        FailingWrites.Next("invoice-number");

        var outcomes = await Task.WhenAll(invoices.Select(async i =>
        {
            try
            {
                return await i.IssueAsync(null) is { IsSuccess: true } ok ? ok.Value.State.InvoiceNumber : null;
            }
            catch (Exception e) when (e is OrleansException or InvalidOperationException)
            {
                return null;
            }
        }));
        Assert.Contains(outcomes, number => number is null);
        // The failed ones are retried, as their callers would; an activation still unloading may refuse once more.
        var numbers = await Task.WhenAll(invoices.Select(async (invoice, i) =>
        {
            for (var attempt = 0; outcomes[i] is null; attempt++)
            {
                try
                {
                    outcomes[i] = (await invoice.IssueAsync(null)).Value!.State.InvoiceNumber;
                }
                catch (Exception e) when (attempt < 5 && e is OrleansException or InvalidOperationException)
                {
                }
            }

            return outcomes[i]!;
        }));

        Assert.Equal(Enumerable.Range(first + 1, 30), numbers.Select(Number).Order());
        Assert.All(invoices.Zip(numbers), async pair => Assert.Equal(pair.Second, (await pair.First.GetAsync())!.State.InvoiceNumber));
    }

    [Fact]
    public async Task Issue_CrashedAfterReserving_TheNextIssueHasTheOrphanTakeItsNumber_SoNoneIsSkipped()
    {
        var customer = await CustomerAsync();
        var orphan = await DraftAsync(customer);
        var cancelled = await DraftAsync(customer);
        Assert.True((await cancelled.CancelAsync(null)).IsSuccess);
        var numbers = fixture.Grains.GetGrain<IInvoiceNumberGrain>(fixture.Time.GetUtcNow().Year);
        // What an issue that died between reserving its number and storing it leaves behind (twice).
        var reserved = await numbers.ReserveAsync(orphan.GetPrimaryKey());
        var reservedForCancelled = await numbers.ReserveAsync(cancelled.GetPrimaryKey());
        fixture.Time.Advance(TimeSpan.FromSeconds(31));

        var next = (await (await DraftAsync(customer)).IssueAsync(null)).Value!.State.InvoiceNumber!;

        await WaitUntilAsync(async () => (await orphan.GetAsync())!.State.InvoiceNumber == reserved &&
                                         (await cancelled.GetAsync())!.State.InvoiceNumber == reservedForCancelled);
        Assert.Equal(InvoiceStatus.Issued, (await orphan.GetAsync())!.State.Status);
        Assert.Equal(InvoiceStatus.Cancelled, (await cancelled.GetAsync())!.State.Status);
        Assert.Equal([Number(reserved) + 1, Number(reserved) + 2], new[] { Number(reservedForCancelled), Number(next) });
    }

    [Fact]
    public async Task Issue_CrashedOn31DecemberRetriedInJanuary_TakesLastYearsReservedNumber()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 31, 23, 0, 0, TimeSpan.Zero));
        await using var cluster = await ClusterFixture.StartAsync(1, clock);
        var grains = cluster.Client;
        var customer = Guid.NewGuid();
        await grains.GetGrain<ICustomerGrain>(customer).RegisterAsync(new CustomerDetails("Ola", "Nowak", "ola@example.com", null, null, null));
        var invoice = grains.GetGrain<IInvoiceGrain>(Guid.NewGuid());
        await invoice.CreateDraftAsync(new InvoiceDraft(customer, InvoiceType.OneTime,
            [new InvoiceLine("Router", 1, 100m, 0, 0.23m, null, null)], null, null, null, null, null, null));
        // What an issue that died between reserving its number and storing it leaves behind, on 31 December.
        var reserved = await grains.GetGrain<IInvoiceNumberGrain>(2026).ReserveAsync(invoice.GetPrimaryKey());
        clock.SetUtcNow(new DateTimeOffset(2027, 1, 2, 9, 0, 0, TimeSpan.Zero));

        var retried = await invoice.IssueAsync(null);

        Assert.Equal(reserved, retried.Value!.State.InvoiceNumber);
        Assert.Null(await grains.GetGrain<IInvoiceNumberGrain>(2026).ReservedForAsync(invoice.GetPrimaryKey()));
        var january = grains.GetGrain<IInvoiceGrain>(Guid.NewGuid());
        await january.CreateDraftAsync(new InvoiceDraft(customer, InvoiceType.OneTime,
            [new InvoiceLine("Modem", 1, 50m, 0, 0.23m, null, null)], null, null, null, null, null, null));
        Assert.Equal("FV/2027/000001", (await january.IssueAsync(null)).Value!.State.InvoiceNumber);
    }

    private static int Number(string invoiceNumber) => int.Parse(invoiceNumber[^6..], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reconciliation is sent one-way; it lands a moment later.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200 && !await condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(await condition(), "the condition did not come true within 5 s");
    }

    [Fact]
    public async Task Issue_Twice_KeepsTheFirstNumber()
    {
        var invoice = await DraftAsync(await CustomerAsync());
        var first = await invoice.IssueAsync(null);

        var second = await invoice.IssueAsync(null);

        Assert.False(second.IsSuccess);
        Assert.Equal(first.Value!.State.InvoiceNumber, (await invoice.GetAsync())!.State.InvoiceNumber);
    }

    [Fact]
    public async Task CompletedPayment_PaysTheInvoice_AndARefundReopensIt()
    {
        var customer = await CustomerAsync();
        var invoice = await DraftAsync(customer);
        await invoice.IssueAsync(null);
        var payment = fixture.Grains.GetGrain<IPaymentGrain>(Guid.NewGuid());
        var details = new PaymentDetails(customer, invoice.GetPrimaryKey(), 123m, null, PaymentMethod.Card, PaymentStatus.Completed,
            null, null, null, null, null, null, null);

        var recorded = await payment.RecordAsync(details);
        var retried = await payment.RecordAsync(details);
        var paid = (await invoice.GetAsync())!.State;
        await payment.ChangeStatusAsync(PaymentStatus.Refunded, "duplicate charge", null);
        var reopened = (await invoice.GetAsync())!.State;

        Assert.True(recorded.IsSuccess, recorded.Error?.Message);
        Assert.True(recorded.Value!.InvoiceInSync);
        Assert.Equal(recorded.Value.Version, retried.Value!.Version);
        Assert.Equal(InvoiceStatus.Paid, paid.Status);
        Assert.Equal(123m, paid.AmountPaid);
        Assert.Equal(InvoiceStatus.Issued, reopened.Status);
        Assert.Equal(0m, reopened.AmountPaid);
    }

    [Fact]
    public async Task Payment_ForAnotherCustomersInvoice_IsRefused()
    {
        var invoice = await DraftAsync(await CustomerAsync());
        await invoice.IssueAsync(null);

        var result = await fixture.Grains.GetGrain<IPaymentGrain>(Guid.NewGuid()).RecordAsync(new PaymentDetails(
            await CustomerAsync(), invoice.GetPrimaryKey(), 10m, null, PaymentMethod.Cash, null, null, null, null, null, null, null, null));

        Assert.Contains("invoiceId", result.Error!.FieldErrors!.Keys);
    }
}
