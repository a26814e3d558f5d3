using Bss.Abstractions.Billing;
using Bss.Domain.Invoices;

namespace Bss.Grains.Tests.Billing;

/// <summary>
/// Cycle day 31 through a leap February and a common one, with a second subscription started mid-period at another
/// tax rate. Amounts worked out by hand; periods run from one cycle date to the next (31 Jan → 29 Feb 2024 →
/// 31 Mar → 30 Apr …; 31 Jan → 28 Feb 2025).
/// </summary>
public sealed class CycleDay31ScenarioTests(BillingWorld world) : IClassFixture<BillingWorld>
{
    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public async Task CycleDay31_BillsOnEveryMonthsLastDay_AndProratesByThePeriodsRealLength()
    {
        world.At(D(2023, 12, 20));
        var customer = await world.CustomerAsync();
        Assert.True((await world.Account(customer).UpdateSettingsAsync(new BillingSettings(31, null, null), null)).IsSuccess);
        var fiber = await world.ProductAsync("Fiber 1G", 100.00m);
        var tv = await world.ProductAsync("TV Plus", 30.00m, taxRate: 0.08m);
        await world.SubscribeAsync(customer, fiber);

        await world.DaysThroughAsync(customer, D(2025, 3, 5), async day =>
        {
            foreach (var due in (await world.InvoicesAsync(customer)).Where(i => i.BalanceDue > 0 && i.IssueDate!.Value.AddDays(2) == day))
            {
                await world.PayInFullAsync(customer, due);
            }

            if (day == D(2024, 2, 10))
            {
                await world.SubscribeAsync(customer, tv);
            }
        });

        var invoices = await world.InvoicesAsync(customer);
        ExpectedInvoice.Check(
        [
            // Fiber from 20 Dec in the period 30 Nov – 30 Dec (31 days), 11 days: 100 − Round(100·20/31 = 64.516) =
            // 35.48, tax Round(8.1604) = 8.16; then 31 Dec – 30 Jan in advance, 100 + 23.00.
            new("FV/2023/000001", InvoiceType.Recurring, D(2023, 12, 31), 135.48m, 31.16m, 166.64m),
            // A new year, a new sequence. 31 Jan – 28 Feb 2024 (29 days, leap year), in full.
            new("FV/2024/000001", InvoiceType.Recurring, D(2024, 1, 31), 100.00m, 23.00m, 123.00m),
            // Billed on 29 Feb (the 31st past the month's end). Fiber 29 Feb – 30 Mar: 100 + 23.00. TV from 10 Feb in
            // the period 31 Jan – 28 Feb (29 days), 19 days: 30 − Round(30·10/29 = 10.345) = 19.66, tax 8 %
            // Round(1.5728) = 1.57; TV 29 Feb – 30 Mar: 30 + 2.40. 149.66 + 26.97 = 176.63.
            new("FV/2024/000002", InvoiceType.Recurring, D(2024, 2, 29), 149.66m, 26.97m, 176.63m),
            new("FV/2024/000003", InvoiceType.Recurring, D(2024, 3, 31), 130.00m, 25.40m, 155.40m),
            .. new[] { D(2024, 4, 30), D(2024, 5, 31), D(2024, 6, 30), D(2024, 7, 31), D(2024, 8, 31), D(2024, 9, 30), D(2024, 10, 31),
                    D(2024, 11, 30), D(2024, 12, 31) }
                .Select((day, i) => new ExpectedInvoice($"FV/2024/{i + 4:D6}", InvoiceType.Recurring, day, 130.00m, 25.40m, 155.40m)),
            new("FV/2025/000001", InvoiceType.Recurring, D(2025, 1, 31), 130.00m, 25.40m, 155.40m),
            // A common year: billed on 28 Feb 2025 for 28 Feb – 30 Mar.
            new("FV/2025/000002", InvoiceType.Recurring, D(2025, 2, 28), 130.00m, 25.40m, 155.40m),
        ], invoices);

        var tvPart = invoices[2].Items.Single(l => l.TaxRate == 0.08m && l.PeriodStart == D(2024, 2, 10));
        Assert.Equal((19.66m, D(2024, 2, 28)), (tvPart.NetAmount, tvPart.PeriodEnd!.Value));
        Assert.EndsWith("19 of 29 days", tvPart.Description, StringComparison.Ordinal);
        Assert.All(invoices[^1].Items, l => Assert.Equal((D(2025, 2, 28), D(2025, 3, 30)), (l.PeriodStart!.Value, l.PeriodEnd!.Value)));
        Assert.All(invoices, i => Assert.Equal(InvoiceStatus.Paid, i.Status));
        Assert.Equal(D(2025, 3, 31), (await world.Account(customer).GetAsync()).NextCycleDate);
    }
}
