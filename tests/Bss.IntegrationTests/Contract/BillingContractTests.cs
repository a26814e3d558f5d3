using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;
using static Bss.IntegrationTests.BillingApi;

namespace Bss.IntegrationTests.Contract;

/// <summary>
/// The billing family's real responses against its schemas (Contract/schemas: billing-cycles, usage-records,
/// billing-accounts, billing-runs), as ContractTests checks the other families: each answer a route gives, list pages
/// (envelope and items) and an error. The schema rules ContractTests checks on every schema file apply to these too.
/// </summary>
[Collection(ApiCluster.Name)]
public class BillingContractTests(ApiClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.Http;

    [Fact]
    public async Task BillingCycle_CreateGetListProcessAndError_MatchTheContract()
    {
        var day = NewCycleDay();
        var date = NewCycleDate(day);
        var product = await _http.CreatePricedProductAsync(30m);
        await _http.CreateBilledCustomerAsync(day, (string)product["id"]!, date);

        var created = await _http.CreateCycleAsync(date);
        ContractSchemas.AssertConforms("billing-cycles", created, "POST /billing/cycles (PENDING)");
        var id = (string)created["id"]!;
        await AssertPageAsync("billing-cycles", $"{Cycles}/pending?size=100&sort=createdAt,desc", id);
        var started = await _http.ProcessCycleAsync(id);
        ContractSchemas.AssertConforms("billing-cycles", started, "POST /billing/cycles/{id}/process");
        var processed = await _http.WaitForCycleAsync(id, "PROCESSED", TimeSpan.FromMinutes(2));
        ContractSchemas.AssertConforms("billing-cycles", processed, "GET /billing/cycles/{id} (PROCESSED)");
        await AssertPageAsync("billing-cycles", $"{Cycles}?status=PROCESSED&size=100&sort=createdAt,desc", id);

        using var missing = await _http.GetAsync($"{Cycles}/{Guid.NewGuid()}");
        ContractSchemas.AssertConforms("problem", await missing.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND"), "404 of GET /billing/cycles/{id}");
        using var taken = await _http.SendJsonAsync(HttpMethod.Post, Cycles, new JsonObject { ["cycleDate"] = Day(date) });
        ContractSchemas.AssertConforms("problem", await taken.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT"), "409 of POST /billing/cycles");
    }

    [Fact]
    public async Task UsageRecord_CreateListAndError_MatchTheContract()
    {
        var start = NewCycleDate(UncycledDay);
        var product = await _http.CreatePricedProductAsync(30m);
        var (_, subscriptions) = await _http.CreateBilledCustomerAsync(UncycledDay, (string)product["id"]!, start);

        using var response = await _http.SendJsonAsync(HttpMethod.Post, UsageRecords, new JsonObject
        {
            ["subscriptionId"] = subscriptions[0],
            ["usageType"] = "SMS",
            ["quantity"] = 3,
            ["usageDate"] = Day(start.AddDays(1)),
            ["description"] = "premium SMS",
        });
        var record = await response.ExpectJsonAsync(HttpStatusCode.Created);
        using var bare = await _http.SendJsonAsync(HttpMethod.Post, UsageRecords, new JsonObject
        {
            ["subscriptionId"] = subscriptions[0],
            ["usageType"] = "DATA",
            ["quantity"] = 512.25m,
            ["usageDate"] = Day(start),
        });

        ContractSchemas.AssertConforms("usage-records", record, "POST /billing/usage-records");
        ContractSchemas.AssertConforms("usage-records", await bare.ExpectJsonAsync(HttpStatusCode.Created), "POST /billing/usage-records without description");
        await AssertPageAsync("usage-records", $"{UsageRecords}?subscriptionId={subscriptions[0]}", (string)record["id"]!);
        using var invalid = await _http.SendJsonAsync(HttpMethod.Post, UsageRecords, new JsonObject { ["usageType"] = "FAX" });
        ContractSchemas.AssertConforms("problem", await invalid.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED"),
            "400 of POST /billing/usage-records");
    }

    [Fact]
    public async Task BillingAccount_DefaultStoredAndError_MatchTheContract()
    {
        var customerId = (string)(await _http.CreateCustomerAsync())["id"]!;

        ContractSchemas.AssertConforms("billing-accounts", await _http.GetJsonAsync(Account(customerId)), "GET /billing/accounts/{id} before it is stored");
        var stored = await _http.PutAccountAsync(customerId, new JsonObject { ["billCycleDay"] = UncycledDay, ["paymentTerms"] = 30 });
        ContractSchemas.AssertConforms("billing-accounts", stored, "PUT /billing/accounts/{id}");
        ContractSchemas.AssertConforms("billing-accounts", await _http.GetJsonAsync(Account(customerId)), "GET /billing/accounts/{id}");

        using var missing = await _http.GetAsync(Account(Guid.NewGuid().ToString()));
        ContractSchemas.AssertConforms("problem", await missing.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND"), "404 of GET /billing/accounts/{id}");
        using var invalid = await _http.SendJsonAsync(HttpMethod.Put, Account(customerId), new JsonObject { ["billCycleDay"] = 40 });
        ContractSchemas.AssertConforms("problem", await invalid.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED"),
            "400 of PUT /billing/accounts/{id}");
    }

    [Fact]
    public async Task PreviewAndRun_WithInvoiceAndCreditNote_MatchTheContract()
    {
        var date = NewCycleDate(UncycledDay);
        var product = await _http.CreatePricedProductAsync(30m);
        var (customerId, subscriptions) = await _http.CreateBilledCustomerAsync(UncycledDay, (string)product["id"]!, date.AddDays(-3));

        using var preview = await _http.PostAsync($"{Invoices}/preview?customerId={customerId}&date={Day(date)}", null);
        ContractSchemas.AssertConforms("billing-runs", await preview.ExpectJsonAsync(HttpStatusCode.OK), "POST /invoices/preview");
        using var run = await _http.PostAsync($"{Account(customerId)}/run?date={Day(date)}", null);
        var billed = await run.ExpectJsonAsync(HttpStatusCode.OK);
        ContractSchemas.AssertConforms("billing-runs", billed, "POST /billing/accounts/{id}/run");
        Assert.NotEmpty(billed["invoices"]!.AsArray());
        ContractSchemas.AssertConforms("invoices", await _http.GetJsonAsync($"{Invoices}/{billed["invoices"]![0]!["id"]}"),
            "GET /invoices/{id} of a generated invoice");

        // A shorter life credits days already billed: a credit note.
        var subscription = await _http.GetJsonAsync($"{CatalogApi.Subscriptions}/{subscriptions[0]}");
        using var ended = await _http.SendJsonAsync(HttpMethod.Put, $"{CatalogApi.Subscriptions}/{subscriptions[0]}",
            new JsonObject { ["endDate"] = Day(date.AddDays(5)), ["version"] = (int)subscription["version"]! });
        await ended.ExpectJsonAsync(HttpStatusCode.OK);
        using var credit = await _http.PostAsync($"{Account(customerId)}/run?date={Day(date.AddMonths(1))}", null);
        var credited = await credit.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(credited["invoices"]!.AsArray(), i => (string?)i!["invoiceType"] == "CREDIT_NOTE");
        ContractSchemas.AssertConforms("billing-runs", credited, "POST /billing/accounts/{id}/run (credit note)");
        ContractSchemas.AssertConforms("billing-accounts", await _http.GetJsonAsync(Account(customerId)), "GET /billing/accounts/{id} with credit");
        var invoices = await _http.GetJsonAsync($"{Invoices}?customerId={customerId}");
        ContractSchemas.AssertConforms("page", invoices, "GET /invoices?customerId=");
        foreach (var invoice in invoices["content"]!.AsArray())
        {
            ContractSchemas.AssertConforms("invoices", invoice, "a generated invoice in GET /invoices");
        }

        using var invalid = await _http.PostAsync($"{Invoices}/preview?customerId=x", null);
        ContractSchemas.AssertConforms("problem", await invalid.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED"),
            "400 of POST /invoices/preview");
    }

    private async Task AssertPageAsync(string schema, string path, string id)
    {
        var page = await _http.GetJsonAsync(path);
        ContractSchemas.AssertConforms("page", page, $"GET {path}");
        var items = page["content"]!.AsArray();
        Assert.Contains(id, items.Select(i => (string?)i?["id"]));
        foreach (var item in items)
        {
            ContractSchemas.AssertConforms(schema, item, $"an item of GET {path}");
        }
    }
}
