using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests;

/// <summary>
/// Calls and data the billing tests share. Billing cycles are one per date and bill every account whose cycle day
/// falls on it, across the whole (shared) test database; so every test takes its own cycle day (7th–27th: never day 1,
/// which also bills every customer with subscriptions and no account, nor a month's end, which bills the later days
/// too) and its own date, and its customers bill on that day.
/// </summary>
public static class BillingApi
{
    public const string Billing = "/api/v1/billing";
    public const string BillingAlias = "/api/billing";
    public const string Cycles = Billing + "/cycles";
    public const string UsageRecords = Billing + "/usage-records";
    public const string Invoices = "/api/v1/invoices";

    /// <summary>FV/yyyy/nnnnnn.</summary>
    public const string InvoiceNumberPattern = @"^FV/\d{4}/\d{6}$";

    /// <summary>
    /// The cycle day of accounts no cycle of these tests bills (tests that bill by POST /accounts/{id}/run, or not at
    /// all), and the day of cycles that are never processed: no processed cycle is ever on the 28th or later.
    /// </summary>
    public const int UncycledDay = 28;

    private static readonly object Gate = new();
    private static readonly HashSet<DateOnly> TakenDates = [];
    private static readonly List<int> FreeDays = Shuffled(Enumerable.Range(7, 21));
    private static int _nextDay;

    public static string Account(string customerId) => $"{Billing}/accounts/{customerId}";

    public static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// A cycle day (7–27) no other test of this run bills on: for tests that process cycles (21 are available; after
    /// that they are shared, and tests assert on their own customers, and on cycle counts as at least theirs).
    /// </summary>
    public static int NewCycleDay()
    {
        lock (Gate)
        {
            return FreeDays[_nextDay++ % FreeDays.Count];
        }
    }

    /// <summary>A date on <paramref name="day"/> in a random month of 2030–2090 that no test of this run used yet.</summary>
    public static DateOnly NewCycleDate(int day)
    {
        lock (Gate)
        {
            while (true)
            {
                var date = new DateOnly(Random.Shared.Next(2030, 2091), Random.Shared.Next(1, 13), day);
                if (TakenDates.Add(date) && TakenDates.Add(date.AddMonths(1)))
                {
                    return date;
                }
            }
        }
    }

    /// <summary>A MONTHLY product at a round price, so invoice totals are easy to compute independently.</summary>
    public static async Task<JsonObject> CreatePricedProductAsync(this HttpClient http, decimal price)
    {
        var body = CatalogApi.NewProduct("BIL" + Guid.NewGuid().ToString("N")[..8]);
        body["price"] = price;
        body["validityStart"] = "2026-01-01";
        body["validityEnd"] = null;
        return await http.CreateProductAsync(body);
    }

    public static async Task<JsonObject> PutAccountAsync(this HttpClient http, string customerId, JsonObject body)
    {
        using var response = await http.SendJsonAsync(HttpMethod.Put, Account(customerId), body);
        return await response.ExpectJsonAsync(HttpStatusCode.OK);
    }

    public static async Task<JsonObject> SubscribeAsync(this HttpClient http, string customerId, string productId, DateOnly start,
        decimal? price = null)
    {
        var body = new JsonObject
        {
            ["customerId"] = customerId,
            ["productId"] = productId,
            ["startDate"] = Day(start),
        };
        if (price is { } p)
        {
            body["price"] = p;
        }

        using var response = await http.SendJsonAsync(HttpMethod.Post, CatalogApi.Subscriptions, body);
        return await response.ExpectJsonAsync(HttpStatusCode.Created);
    }

    /// <summary>A customer whose account bills on <paramref name="cycleDay"/>, with one subscription per start date.</summary>
    public static async Task<(string CustomerId, string[] SubscriptionIds)> CreateBilledCustomerAsync(this HttpClient http, int cycleDay,
        string productId, params DateOnly[] starts)
    {
        var customerId = (string)(await http.CreateCustomerAsync())["id"]!;
        await http.PutAccountAsync(customerId, new JsonObject { ["billCycleDay"] = cycleDay });
        var subscriptions = new List<string>();
        foreach (var start in starts)
        {
            subscriptions.Add((string)(await http.SubscribeAsync(customerId, productId, start))["id"]!);
        }

        return (customerId, [.. subscriptions]);
    }

    public static async Task<JsonObject> CreateCycleAsync(this HttpClient http, DateOnly date, bool process = false)
    {
        using var response = await http.SendJsonAsync(HttpMethod.Post, Cycles, new JsonObject { ["cycleDate"] = Day(date), ["process"] = process });
        return await response.ExpectJsonAsync(HttpStatusCode.Created);
    }

    public static async Task<JsonObject> ProcessCycleAsync(this HttpClient http, string cycleId)
    {
        using var response = await http.PostAsync($"{Cycles}/{cycleId}/process", null);
        return await response.ExpectJsonAsync(HttpStatusCode.Accepted);
    }

    /// <summary>Polls GET /cycles/{id} until it has <paramref name="status"/> (fails at once on another final status).</summary>
    public static async Task<JsonObject> WaitForCycleAsync(this HttpClient http, string cycleId, string status, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < timeout)
        {
            try
            {
                using var response = await http.GetAsync($"{Cycles}/{cycleId}");
                last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var cycle = JsonNode.Parse(last[5..])!.AsObject();
                    var now = (string?)cycle["status"];
                    if (now == status)
                    {
                        return cycle;
                    }

                    Assert.True(now is "PENDING" or "GENERATED", $"cycle {cycleId} ended {now}, not {status}: {last}");
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"cycle {cycleId} not {status} within {timeout}; last answer {last}");
    }

    /// <summary>Every invoice of the customer (list items carry their lines).</summary>
    public static async Task<JsonObject[]> InvoicesOfAsync(this HttpClient http, string customerId)
    {
        var page = await http.GetJsonAsync($"{Invoices}?customerId={customerId}&size=100");
        Assert.True((long)page["totalElements"]! <= 100, "more invoices than one page");
        return page["content"]!.AsArray().Select(i => i!.AsObject()).ToArray();
    }

    public static JsonObject[] Lines(this JsonObject invoice) => invoice["items"]!.AsArray().Select(i => i!.AsObject()).ToArray();

    /// <summary>"subscriptionId/periodStart" of every line that bills a subscription's days.</summary>
    public static IEnumerable<string> BilledPeriods(this JsonObject invoice) => invoice.Lines()
        .Where(l => l["subscriptionId"] is not null && l["periodStart"] is not null)
        .Select(l => $"{l["subscriptionId"]}/{l["periodStart"]}");

    /// <summary>Round(price × days / periodDays) to 2 decimals, half away from zero: the contract's proration by days.</summary>
    public static decimal Prorate(decimal price, int days, int periodDays) =>
        Math.Round(price * days / periodDays, 2, MidpointRounding.AwayFromZero);

    /// <summary>Gross of a net amount at 23% VAT, tax rounded to 2 decimals.</summary>
    public static decimal Gross(decimal net) => net + Math.Round(net * 0.23m, 2, MidpointRounding.AwayFromZero);

    private static List<int> Shuffled(IEnumerable<int> values) => values.OrderBy(_ => Random.Shared.Next()).ToList();
}
