using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;
using static Bss.IntegrationTests.BillingApi;

namespace Bss.IntegrationTests;

/// <summary>
/// Billing cycles bill each subscription's period exactly once: when processed twice, by many concurrent requests
/// across both silos, and when a cycle and a run of one account race for the same date.
/// </summary>
[Collection(ApiCluster.Name)]
public class BillingCycleTests(ApiClusterFixture cluster)
{
    private const decimal Price = 45m;
    private static readonly TimeSpan CycleTimeout = TimeSpan.FromMinutes(3);

    private HttpClient Silo(int i) => i % 2 == 0 ? cluster.Silo1.Http : cluster.Silo2.Http;

    private async Task<List<(string CustomerId, string[] SubscriptionIds)>> CustomersAsync(int day, DateOnly date, int count)
    {
        var productId = (string)(await cluster.Http.CreatePricedProductAsync(Price))["id"]!;
        var customers = await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            Silo(i).CreateBilledCustomerAsync(day, productId, i % 3 == 1 ? [date.AddDays(-5), date] : [date])));
        return [.. customers];
    }

    /// <summary>Every (subscription, period start) billed over all the customer's invoices: none twice.</summary>
    private static void AssertNoPeriodBilledTwice(IEnumerable<JsonObject> invoices, string customerId)
    {
        var periods = invoices.Where(i => (string?)i["invoiceType"] == "RECURRING").SelectMany(i => i.BilledPeriods()).ToList();
        var twice = periods.GroupBy(p => p).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"customer {customerId} billed twice for {string.Join(", ", twice)}");
    }

    /// <summary>
    /// The first invoice's total: one subscription from the cycle date bills the period in advance; the second kind
    /// of customer also has one from 5 days earlier, which adds those 5 days of the period before, prorated.
    /// </summary>
    private static decimal ExpectedTotal(DateOnly date, int subscriptions)
    {
        if (subscriptions == 1)
        {
            return Gross(Price);
        }

        var periodDays = date.DayNumber - date.AddMonths(-1).DayNumber;
        return Gross(Price - Prorate(Price, periodDays - 5, periodDays)) + Gross(Price) + Gross(Price);
    }

    private static void AssertCompleteAndConsistent(JsonObject cycle, int mine)
    {
        Assert.Equal("PROCESSED", (string?)cycle["status"]);
        Assert.True((int)cycle["totalAccounts"]! >= mine, cycle.ToJsonString());
        Assert.Equal((int)cycle["totalAccounts"]!, (int)cycle["processedAccounts"]!);
        Assert.Equal(0, (int?)cycle["failedAccounts"]);
        Assert.Equal(0, (int?)cycle["pendingAccounts"]);
        Assert.True((int)cycle["invoicesGenerated"]! >= mine, cycle.ToJsonString());
    }

    [Fact]
    public async Task ProcessingACycleTwice_ThenTheNextCycle_BillsEachSubscriptionPeriodOnce()
    {
        var day = NewCycleDay();
        var date = NewCycleDate(day);
        var customers = await CustomersAsync(day, date, 6);

        var cycle = await cluster.Http.CreateCycleAsync(date, process: true);
        var id = (string)cycle["id"]!;
        var first = await cluster.Http.WaitForCycleAsync(id, "PROCESSED", CycleTimeout);
        var again = await cluster.Silo2.Http.ProcessCycleAsync(id);
        var afterAgain = await cluster.Silo2.Http.WaitForCycleAsync(id, "PROCESSED", CycleTimeout);

        AssertCompleteAndConsistent(first, customers.Count);
        Assert.Equal("PROCESSED", (string?)again["status"]);
        Assert.Equal((int?)first["invoicesGenerated"], (int?)afterAgain["invoicesGenerated"]);
        Assert.Equal((int?)first["processedAccounts"], (int?)afterAgain["processedAccounts"]);
        Assert.Equal((int?)first["version"], (int?)afterAgain["version"]);
        foreach (var (customerId, subscriptions) in customers)
        {
            // A run of the same date through the account route finds nothing left to bill.
            using var run = await cluster.Silo2.Http.PostAsync($"{Account(customerId)}/run?date={Day(date)}", null);
            Assert.Empty((await run.ExpectJsonAsync(HttpStatusCode.OK))["invoices"]!.AsArray());

            var invoice = Assert.Single(await cluster.Http.InvoicesOfAsync(customerId));
            Assert.Equal("RECURRING", (string?)invoice["invoiceType"]);
            Assert.Equal(subscriptions.Length, invoice.Lines().Select(l => (string?)l["subscriptionId"]).Distinct().Count());
            Assert.Equal(ExpectedTotal(date, subscriptions.Length), (decimal?)invoice["totalAmount"]);
            AssertNoPeriodBilledTwice([invoice], customerId);
        }

        // The next month's cycle bills the next period only: nothing of the first period again.
        var next = date.AddMonths(1);
        var nextCycle = await cluster.Silo2.Http.CreateCycleAsync(next, process: true);
        var nextDone = await cluster.Http.WaitForCycleAsync((string)nextCycle["id"]!, "PROCESSED", CycleTimeout);
        await cluster.Http.ProcessCycleAsync((string)nextCycle["id"]!);

        AssertCompleteAndConsistent(nextDone, customers.Count);
        foreach (var (customerId, subscriptions) in customers)
        {
            var invoices = await cluster.Http.InvoicesOfAsync(customerId);
            Assert.Equal(2, invoices.Length);
            Assert.All(invoices, i => Assert.Equal("RECURRING", (string?)i["invoiceType"]));
            var second = Assert.Single(invoices, i => (string?)i["issueDate"] == Day(next));
            Assert.Equal(subscriptions.Length, second.Lines().Length);
            Assert.All(second.Lines(), l => Assert.Equal(Day(next), (string?)l["periodStart"]));
            Assert.Equal(Gross(Price * subscriptions.Length), (decimal?)second["totalAmount"]);
            AssertNoPeriodBilledTwice(invoices, customerId);
            Assert.Equal(2, invoices.Select(i => (string?)i["invoiceNumber"]).Distinct().Count());
        }
    }

    [Fact]
    public async Task TwentyConcurrentProcessCalls_AcrossBothSilos_BillEachCustomerExactlyOnce()
    {
        var day = NewCycleDay();
        var date = NewCycleDate(day);
        var customers = await CustomersAsync(day, date, 12);
        var id = (string)(await cluster.Http.CreateCycleAsync(date))["id"]!;

        var calls = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            using var response = await Silo(i).PostAsync($"{Cycles}/{id}/process", null);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));
        var done = await cluster.Http.WaitForCycleAsync(id, "PROCESSED", CycleTimeout);

        Assert.All(calls, c => Assert.True(c.StatusCode == HttpStatusCode.Accepted, $"{(int)c.StatusCode}: {c.Body}"));
        var totals = calls.Select(c => (int)JsonNode.Parse(c.Body)!["totalAccounts"]!).Distinct().ToList();
        Assert.Equal((int)done["totalAccounts"]!, Assert.Single(totals));
        AssertCompleteAndConsistent(done, customers.Count);
        foreach (var (customerId, subscriptions) in customers)
        {
            var invoices = await cluster.Silo2.Http.InvoicesOfAsync(customerId);
            var invoice = Assert.Single(invoices);
            Assert.Equal("RECURRING", (string?)invoice["invoiceType"]);
            Assert.Equal(ExpectedTotal(date, subscriptions.Length), (decimal?)invoice["totalAmount"]);
            AssertNoPeriodBilledTwice(invoices, customerId);
        }
    }

    [Fact]
    public async Task CycleAndAccountRunsRacingForTheSameDate_BillEachCustomerOnce()
    {
        var day = NewCycleDay();
        var date = NewCycleDate(day);
        var customers = await CustomersAsync(day, date, 8);
        var id = (string)(await cluster.Http.CreateCycleAsync(date))["id"]!;

        var cycleCall = cluster.Silo1.Http.PostAsync($"{Cycles}/{id}/process", null);
        var runCalls = customers.SelectMany((c, i) => new[]
        {
            Silo(i).PostAsync($"{Account(c.CustomerId)}/run?date={Day(date)}", null),
            Silo(i + 1).PostAsync($"{Account(c.CustomerId)}/run?date={Day(date)}", null),
        }).ToList();
        using var processed = await cycleCall;
        await processed.ExpectJsonAsync(HttpStatusCode.Accepted);
        var runs = new List<JsonObject>();
        foreach (var call in runCalls)
        {
            using var response = await call;
            runs.Add(await response.ExpectJsonAsync(HttpStatusCode.OK));
        }

        var done = await cluster.Http.WaitForCycleAsync(id, "PROCESSED", CycleTimeout);

        // Whoever came first billed; the cycle counts the invoices of its date for each of its accounts either way,
        // and the runs together report each customer's invoice at most once.
        Assert.Equal("PROCESSED", (string?)done["status"]);
        Assert.True((int)done["totalAccounts"]! >= customers.Count, done.ToJsonString());
        Assert.Equal((int)done["totalAccounts"]!, (int)done["processedAccounts"]!);
        Assert.Equal(0, (int?)done["failedAccounts"]);
        var reportedByRuns = runs.Sum(r => r["invoices"]!.AsArray().Count);
        var billedByCycle = (int)done["invoicesGenerated"]!;
        Assert.True(billedByCycle >= customers.Count, $"cycle counted {billedByCycle}");
        Assert.True(reportedByRuns <= customers.Count, $"runs reported {reportedByRuns}");
        if ((int)done["totalAccounts"]! == customers.Count)
        {
            Assert.Equal(customers.Count, billedByCycle);
        }

        foreach (var (customerId, subscriptions) in customers)
        {
            var invoices = await cluster.Http.InvoicesOfAsync(customerId);
            var invoice = Assert.Single(invoices);
            Assert.Equal(ExpectedTotal(date, subscriptions.Length), (decimal?)invoice["totalAmount"]);
            AssertNoPeriodBilledTwice(invoices, customerId);
            var reported = runs.Where(r => (string?)r["customerId"] == customerId).SelectMany(r => r["invoices"]!.AsArray()).ToList();
            Assert.True(reported.Count <= 1, $"customer {customerId}: two runs each reported an invoice");
            if (reported.Count == 1)
            {
                Assert.Equal((string?)invoice["id"], (string?)reported[0]!["id"]);
            }
        }
    }
}
