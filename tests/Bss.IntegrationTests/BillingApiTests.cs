using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;
using static Bss.IntegrationTests.BillingApi;

namespace Bss.IntegrationTests;

/// <summary>
/// Every billing route (and the /api/billing alias) over HTTP: cycles, usage records, billing accounts, the run of
/// one account and the invoice preview, with each error status.
/// </summary>
[Collection(ApiCluster.Name)]
public class BillingApiTests(ApiClusterFixture cluster)
{
    private const decimal Price = 60m;
    private static readonly string[] NotThroughStatuses = ["PENDING", "GENERATED", "FAILED"];
    private static readonly string[] StartedStatuses = ["GENERATED", "PROCESSED"];
    private readonly HttpClient _http = cluster.Http;

    private async Task<string> ProductIdAsync(decimal price = Price) => (string)(await _http.CreatePricedProductAsync(price))["id"]!;

    // ---------------------------------------------------------------------------------------------------------
    // Cycles

    [Fact]
    public async Task CreateCycle_Returns201Pending_ReadableThroughTheOtherSiloAndTheAlias()
    {
        var date = NewCycleDate(UncycledDay);

        using var response = await _http.SendJsonAsync(HttpMethod.Post, Cycles, new JsonObject { ["cycleDate"] = Day(date) });
        var cycle = await response.ExpectJsonAsync(HttpStatusCode.Created);

        var id = (string)cycle["id"]!;
        Assert.True(Guid.TryParse(id, out _));
        Assert.Equal($"{Cycles}/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal(Day(date), (string?)cycle["cycleDate"]);
        Assert.Equal("PENDING", (string?)cycle["status"]);
        Assert.Equal("Pending", (string?)cycle["statusDisplayName"]);
        Assert.Equal(0, (int?)cycle["totalAccounts"]);
        Assert.Equal(0, (int?)cycle["processedAccounts"]);
        Assert.Equal(0, (int?)cycle["failedAccounts"]);
        Assert.Equal(0, (int?)cycle["pendingAccounts"]);
        Assert.Equal(0, (int?)cycle["invoicesGenerated"]);
        cycle.AssertAbsent("startedAt", "completedAt");
        Assert.Equal(Identity.SuperAdmin, (string?)cycle["createdBy"]);
        Assert.Equal(1, (int?)cycle["version"]);

        var throughSilo2 = await cluster.Silo2.Http.GetJsonAsync($"{Cycles}/{id}");
        var throughAlias = await _http.GetJsonAsync($"{BillingAlias}/cycles/{id}");
        Assert.Equal(cycle.ToJsonString(), throughSilo2.ToJsonString());
        Assert.Equal(cycle.ToJsonString(), throughAlias.ToJsonString());

        var pending = await _http.GetJsonAsync($"{Cycles}/pending?size=100&sort=createdAt,desc");
        var listedPending = await _http.GetJsonAsync($"{Cycles}?status=PENDING&size=100&sort=createdAt,desc");
        var listedProcessed = await _http.GetJsonAsync($"{Cycles}?status=PROCESSED&size=100&sort=createdAt,desc");
        var aliasList = await _http.GetJsonAsync($"{BillingAlias}/cycles?size=100&sort=createdAt,desc");
        Assert.Contains(id, pending.Ids());
        Assert.Contains(id, listedPending.Ids());
        Assert.DoesNotContain(id, listedProcessed.Ids());
        Assert.Contains(id, aliasList.Ids());
        Assert.All(listedPending["content"]!.AsArray(), c => Assert.Equal("PENDING", (string?)c!["status"]));
        Assert.All(pending["content"]!.AsArray(), c => Assert.Contains((string?)c!["status"], NotThroughStatuses));
    }

    [Fact]
    public async Task CreateCycle_SameDateTwice_Returns409NamingCycleDate_AlsoAcrossSilos()
    {
        var date = NewCycleDate(UncycledDay);
        var first = await _http.CreateCycleAsync(date);

        using var again = await cluster.Silo2.Http.SendJsonAsync(HttpMethod.Post, Cycles, new JsonObject { ["cycleDate"] = Day(date) });
        var problem = await again.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");

        Assert.NotEmpty(problem.FieldErrors("cycleDate"));
        var listed = await _http.GetJsonAsync($"{Cycles}?size=100&sort=createdAt,desc");
        Assert.Single(listed["content"]!.AsArray(), c => (string?)c!["cycleDate"] == Day(date));
        Assert.Equal((string?)first["id"], (string?)listed["content"]!.AsArray().Single(c => (string?)c!["cycleDate"] == Day(date))!["id"]);
    }

    [Fact]
    public async Task CreateCycle_MalformedDate_Returns400()
    {
        using var response = await _http.SendJsonAsync(HttpMethod.Post, Cycles, new JsonObject { ["cycleDate"] = "2031-13-45" });

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "MALFORMED_REQUEST");
    }

    [Fact]
    public async Task CreateCycle_SameIdempotencyKeyTwice_ReplaysTheSameCycle_OtherBodyIs422()
    {
        var date = NewCycleDate(UncycledDay);
        var key = "cycle-" + Guid.NewGuid().ToString("N");
        var body = new JsonObject { ["cycleDate"] = Day(date) };

        using var first = await _http.SendJsonAsync(HttpMethod.Post, Cycles, body, r => r.Headers.Add("Idempotency-Key", key));
        using var second = await cluster.Silo2.Http.SendJsonAsync(HttpMethod.Post, Cycles, body, r => r.Headers.Add("Idempotency-Key", key));
        var created = await first.ExpectJsonAsync(HttpStatusCode.Created);
        var replayed = await second.ExpectJsonAsync(HttpStatusCode.Created);

        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(created.ToJsonString(), replayed.ToJsonString());
        Assert.Equal(first.Headers.Location, second.Headers.Location);

        // Without the key the date is taken: the replay did not create a second cycle, nor did it fail as one.
        using var withoutKey = await _http.SendJsonAsync(HttpMethod.Post, Cycles, body);
        await withoutKey.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        using var otherBody = await _http.SendJsonAsync(HttpMethod.Post, Cycles,
            new JsonObject { ["cycleDate"] = Day(date), ["process"] = true }, r => r.Headers.Add("Idempotency-Key", key));
        await otherBody.ExpectProblemAsync((HttpStatusCode)422, "IDEMPOTENCY_KEY_REUSED");
        Assert.Equal("PENDING", (string?)(await _http.GetJsonAsync($"{Cycles}/{created["id"]}"))["status"]);
    }

    [Fact]
    public async Task Cycle_UnknownId_Returns404_MalformedId400()
    {
        var unknown = Guid.NewGuid();

        using var get = await _http.GetAsync($"{Cycles}/{unknown}");
        using var process = await _http.PostAsync($"{Cycles}/{unknown}/process", null);
        using var malformedGet = await _http.GetAsync($"{Cycles}/not-a-uuid");
        using var malformedProcess = await _http.PostAsync($"{Cycles}/not-a-uuid/process", null);

        await get.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await process.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await malformedGet.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await malformedProcess.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
    }

    [Fact]
    public async Task ListCycles_BadStatusOrSortOrSize_Returns400NamingTheParameter()
    {
        using var status = await _http.GetAsync($"{Cycles}?status=DONE");
        using var sort = await _http.GetAsync($"{Cycles}?sort=totalAccounts,asc");
        using var size = await _http.GetAsync($"{Cycles}/pending?size=0");

        Assert.NotEmpty((await status.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("status"));
        Assert.NotEmpty((await sort.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("sort"));
        Assert.NotEmpty((await size.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("size"));
    }

    [Fact]
    public async Task ProcessCycle_Returns202_BillsEveryAccountDueOnItsDay_ThenProcessed()
    {
        var day = NewCycleDay();
        var date = NewCycleDate(day);
        var productId = await ProductIdAsync();
        var customers = new List<(string CustomerId, string[] SubscriptionIds)>();
        for (var i = 0; i < 3; i++)
        {
            customers.Add(await _http.CreateBilledCustomerAsync(day, productId, date));
        }

        // Bills on another day: not due on this cycle's date.
        var (otherDay, _) = await _http.CreateBilledCustomerAsync(UncycledDay, productId, date);
        var cycle = await _http.CreateCycleAsync(date);

        using var response = await cluster.Silo2.Http.PostAsync($"{Cycles}/{cycle["id"]}/process", null);
        var started = await response.ExpectJsonAsync(HttpStatusCode.Accepted);
        var done = await _http.WaitForCycleAsync((string)cycle["id"]!, "PROCESSED", TimeSpan.FromMinutes(2));

        Assert.Equal($"{Cycles}/{cycle["id"]}", response.Headers.Location?.OriginalString);
        Assert.Contains((string?)started["status"], StartedStatuses);
        Assert.True((int)started["totalAccounts"]! >= 3, started.ToJsonString());
        Assert.True((int)done["totalAccounts"]! >= 3, done.ToJsonString());
        Assert.Equal((int)done["totalAccounts"]!, (int)done["processedAccounts"]!);
        Assert.Equal(0, (int?)done["failedAccounts"]);
        Assert.Equal(0, (int?)done["pendingAccounts"]);
        Assert.True((int)done["invoicesGenerated"]! >= 3, done.ToJsonString());
        Assert.True((int)done["shardCount"]! >= 1);
        Assert.NotNull(done["startedAt"]);
        Assert.NotNull(done["completedAt"]);
        Assert.Equal("Processed", (string?)done["statusDisplayName"]);

        var periodEnd = Day(date.AddMonths(1).AddDays(-1));
        foreach (var (customerId, subscriptionIds) in customers)
        {
            var invoice = Assert.Single(await _http.InvoicesOfAsync(customerId));
            Assert.Equal("RECURRING", (string?)invoice["invoiceType"]);
            Assert.Equal("ISSUED", (string?)invoice["status"]);
            Assert.Matches(InvoiceNumberPattern, (string?)invoice["invoiceNumber"]);
            Assert.StartsWith($"FV/{date.Year}/", (string?)invoice["invoiceNumber"], StringComparison.Ordinal);
            Assert.Equal(Day(date), (string?)invoice["issueDate"]);
            Assert.Equal(Day(date.AddDays(14)), (string?)invoice["dueDate"]);
            Assert.Equal(Day(date), (string?)invoice["billingPeriodStart"]);
            Assert.Equal(periodEnd, (string?)invoice["billingPeriodEnd"]);
            Assert.Equal(Price, (decimal?)invoice["subtotal"]);
            Assert.Equal(Gross(Price), (decimal?)invoice["totalAmount"]);
            var line = Assert.Single(invoice.Lines());
            Assert.Equal(subscriptionIds[0], (string?)line["subscriptionId"]);
            Assert.Equal(Day(date), (string?)line["periodStart"]);
            Assert.Equal(periodEnd, (string?)line["periodEnd"]);

            var account = await _http.GetJsonAsync(Account(customerId));
            Assert.Equal(Day(date), (string?)account["lastCycleDate"]);
            Assert.Equal(1, (int?)account["invoicesGenerated"]);
            Assert.Equal(Gross(Price), (decimal?)account["totalInvoiced"]);
        }

        Assert.Empty(await _http.InvoicesOfAsync(otherDay));
        Assert.DoesNotContain((string)cycle["id"]!, (await _http.GetJsonAsync($"{Cycles}/pending?size=100&sort=createdAt,desc")).Ids());
        Assert.Contains((string)cycle["id"]!, (await _http.GetJsonAsync($"{Cycles}?status=PROCESSED&size=100&sort=createdAt,desc")).Ids());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Usage records

    private async Task<(string CustomerId, string SubscriptionId, DateOnly Start)> SubscribedCustomerAsync()
    {
        var start = NewCycleDate(UncycledDay);
        var (customerId, subscriptions) = await _http.CreateBilledCustomerAsync(UncycledDay, await ProductIdAsync(), start);
        return (customerId, subscriptions[0], start);
    }

    private static JsonObject UsageBody(string subscriptionId, DateOnly day, string type = "DATA", decimal quantity = 1.5m, Guid? id = null) => new()
    {
        ["id"] = id?.ToString(),
        ["subscriptionId"] = subscriptionId,
        ["usageType"] = type,
        ["quantity"] = quantity,
        ["usageDate"] = Day(day),
        ["description"] = "roaming data",
    };

    [Fact]
    public async Task RecordUsage_Returns201_SameIdAndBodyAgain200_SameIdOtherContent409()
    {
        var (customerId, subscriptionId, start) = await SubscribedCustomerAsync();
        var id = Guid.NewGuid();

        using var created = await _http.SendJsonAsync(HttpMethod.Post, UsageRecords, UsageBody(subscriptionId, start.AddDays(3), id: id));
        var record = await created.ExpectJsonAsync(HttpStatusCode.Created);
        using var again = await cluster.Silo2.Http.SendJsonAsync(HttpMethod.Post, UsageRecords, UsageBody(subscriptionId, start.AddDays(3), id: id));
        var repeated = await again.ExpectJsonAsync(HttpStatusCode.OK);
        using var other = await _http.SendJsonAsync(HttpMethod.Post, UsageRecords, UsageBody(subscriptionId, start.AddDays(3), quantity: 2m, id: id));
        await other.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");

        Assert.Equal(id.ToString(), (string?)record["id"]);
        Assert.Equal(subscriptionId, (string?)record["subscriptionId"]);
        Assert.Equal(customerId, (string?)record["customerId"]);
        Assert.Equal("DATA", (string?)record["usageType"]);
        Assert.False(string.IsNullOrEmpty((string?)record["usageTypeDisplayName"]));
        Assert.Equal(1.5m, (decimal?)record["quantity"]);
        Assert.False(string.IsNullOrEmpty((string?)record["unit"]));
        Assert.Equal(Day(start.AddDays(3)), (string?)record["usageDate"]);
        Assert.Equal("roaming data", (string?)record["description"]);
        Assert.Equal("RECORDED", (string?)record["status"]);
        Assert.Equal(1, (int?)record["version"]);
        Assert.NotNull(created.Headers.Location);
        Assert.Equal(record.ToJsonString(), repeated.ToJsonString());

        var listed = await _http.GetJsonAsync($"{UsageRecords}?subscriptionId={subscriptionId}");
        Assert.Equal(1L, (long?)listed["totalElements"]);
        Assert.Equal(1.5m, (decimal?)listed["content"]![0]!["quantity"]);
    }

    [Fact]
    public async Task RecordUsage_WithoutId_CreatesEachTime_AndTheAliasServesIt()
    {
        var (_, subscriptionId, start) = await SubscribedCustomerAsync();

        using var first = await _http.SendJsonAsync(HttpMethod.Post, UsageRecords, UsageBody(subscriptionId, start, "VOICE", 12m));
        using var second = await _http.SendJsonAsync(HttpMethod.Post, $"{BillingAlias}/usage-records", UsageBody(subscriptionId, start, "VOICE", 12m));
        var a = await first.ExpectJsonAsync(HttpStatusCode.Created);
        var b = await second.ExpectJsonAsync(HttpStatusCode.Created);

        Assert.NotEqual((string?)a["id"], (string?)b["id"]);
        var listed = await _http.GetJsonAsync($"{BillingAlias}/usage-records?subscriptionId={subscriptionId}&usageType=VOICE");
        Assert.Equal(2L, (long?)listed["totalElements"]);
    }

    [Fact]
    public async Task RecordUsage_BadBody_Returns400NamingEachField()
    {
        var (_, subscriptionId, start) = await SubscribedCustomerAsync();

        using var empty = await _http.SendJsonAsync(HttpMethod.Post, UsageRecords, new JsonObject());
        using var badValues = await _http.SendJsonAsync(HttpMethod.Post, UsageRecords, new JsonObject
        {
            ["subscriptionId"] = subscriptionId,
            ["usageType"] = "FAX",
            ["quantity"] = 0,
            ["description"] = new string('x', 501),
        });
        using var tooPrecise = await _http.SendJsonAsync(HttpMethod.Post, UsageRecords, UsageBody(subscriptionId, start, quantity: 1.0001m));
        using var unknownSubscription = await _http.SendJsonAsync(HttpMethod.Post, UsageRecords, UsageBody(Guid.NewGuid().ToString(), start));
        using var beforeStart = await _http.SendJsonAsync(HttpMethod.Post, UsageRecords, UsageBody(subscriptionId, start.AddDays(-1)));
        using var malformed = await _http.SendJsonAsync(HttpMethod.Post, UsageRecords, new JsonObject
        {
            ["subscriptionId"] = subscriptionId, ["usageType"] = "DATA", ["quantity"] = 1, ["usageDate"] = "yesterday",
        });

        var missing = await empty.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.NotEmpty(missing.FieldErrors("subscriptionId"));
        Assert.NotEmpty(missing.FieldErrors("usageType"));
        Assert.NotEmpty(missing.FieldErrors("quantity"));
        var bad = await badValues.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.NotEmpty(bad.FieldErrors("usageType"));
        Assert.NotEmpty(bad.FieldErrors("quantity"));
        Assert.NotEmpty(bad.FieldErrors("description"));
        Assert.NotEmpty((await tooPrecise.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("quantity"));
        Assert.NotEmpty((await unknownSubscription.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("subscriptionId"));
        Assert.NotEmpty((await beforeStart.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("usageDate"));
        await malformed.ExpectProblemAsync(HttpStatusCode.BadRequest, "MALFORMED_REQUEST");
        Assert.Equal(0L, (long?)(await _http.GetJsonAsync($"{UsageRecords}?subscriptionId={subscriptionId}"))["totalElements"]);
    }

    [Fact]
    public async Task ListUsage_FiltersByCustomerSubscriptionTypeAndDates_BadFilters400()
    {
        var (customerId, subscriptionId, start) = await SubscribedCustomerAsync();
        var second = (string)(await _http.SubscribeAsync(customerId, await ProductIdAsync(), start))["id"]!;
        foreach (var (subscription, type, offset) in new[] { (subscriptionId, "DATA", 1), (subscriptionId, "SMS", 2), (subscriptionId, "DATA", 9), (second, "VOICE", 4) })
        {
            using var response = await _http.SendJsonAsync(HttpMethod.Post, UsageRecords, UsageBody(subscription, start.AddDays(offset), type, offset));
            await response.ExpectJsonAsync(HttpStatusCode.Created);
        }

        async Task<decimal[]> Quantities(string query) =>
            (await _http.GetJsonAsync($"{UsageRecords}?{query}&sort=usageDate,asc")).ToQuantities();

        Assert.Equal([1m, 2m, 4m, 9m], await Quantities($"customerId={customerId}"));
        Assert.Equal([1m, 2m, 9m], await Quantities($"subscriptionId={subscriptionId}"));
        Assert.Equal([1m, 9m], await Quantities($"customerId={customerId}&usageType=DATA"));
        Assert.Equal([2m, 4m], await Quantities($"customerId={customerId}&from={Day(start.AddDays(2))}&to={Day(start.AddDays(5))}"));
        Assert.Equal([4m], await Quantities($"subscriptionId={second}"));

        using var badType = await _http.GetAsync($"{UsageRecords}?usageType=FAX");
        using var badCustomer = await _http.GetAsync($"{UsageRecords}?customerId=42");
        using var badDate = await _http.GetAsync($"{UsageRecords}?from=2031-02-30");
        Assert.NotEmpty((await badType.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("usageType"));
        Assert.NotEmpty((await badCustomer.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("customerId"));
        Assert.NotEmpty((await badDate.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("from"));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Billing accounts

    [Fact]
    public async Task GetAccount_CustomerWithoutOne_AnswersTheDefaults()
    {
        var customerId = (string)(await _http.CreateCustomerAsync())["id"]!;

        var account = await cluster.Silo2.Http.GetJsonAsync(Account(customerId));
        var alias = await _http.GetJsonAsync($"{BillingAlias}/accounts/{customerId}");

        Assert.Equal(customerId, (string?)account["customerId"]);
        Assert.Equal(1, (int?)account["billCycleDay"]);
        Assert.Equal(14, (int?)account["paymentTerms"]);
        Assert.Equal("PLN", (string?)account["currency"]);
        Assert.Equal(0m, (decimal?)account["creditBalance"]);
        account.AssertAbsent("lastCycleDate");
        Assert.Equal("NONE", (string?)account["dunningStage"]);
        Assert.Equal(0, (int?)account["invoicesGenerated"]);
        Assert.Equal(1, DateOnly.Parse((string)account["nextCycleDate"]!, System.Globalization.CultureInfo.InvariantCulture).Day);
        Assert.Equal(account.ToJsonString(), alias.ToJsonString());
    }

    [Fact]
    public async Task PutAccount_ChangesSettings_KeepsAbsentFields_AndChecksTheVersion()
    {
        var customerId = (string)(await _http.CreateCustomerAsync())["id"]!;

        using var first = await _http.SendJsonAsync(HttpMethod.Put, Account(customerId),
            new JsonObject { ["billCycleDay"] = 17, ["paymentTerms"] = 30, ["currency"] = "eur" });
        var updated = await first.ExpectJsonAsync(HttpStatusCode.OK);
        using var second = await cluster.Silo2.Http.SendJsonAsync(HttpMethod.Put, Account(customerId),
            new JsonObject { ["paymentTerms"] = 7, ["version"] = (int)updated["version"]! });
        var again = await second.ExpectJsonAsync(HttpStatusCode.OK);
        using var stale = await _http.SendJsonAsync(HttpMethod.Put, Account(customerId),
            new JsonObject { ["paymentTerms"] = 9, ["version"] = (int)updated["version"]! });
        using var staleIfMatch = await _http.SendJsonAsync(HttpMethod.Put, Account(customerId),
            new JsonObject { ["paymentTerms"] = 9 }, r => r.IfMatch($"\"{(int)updated["version"]!}\""));

        Assert.Equal(17, (int?)updated["billCycleDay"]);
        Assert.Equal(30, (int?)updated["paymentTerms"]);
        Assert.Equal("EUR", (string?)updated["currency"]);
        Assert.Equal($"\"{updated["version"]}\"", first.Headers.ETag?.Tag);
        Assert.Equal(17, (int?)again["billCycleDay"]);
        Assert.Equal(7, (int?)again["paymentTerms"]);
        Assert.Equal("EUR", (string?)again["currency"]);
        Assert.Equal((int)updated["version"]! + 1, (int?)again["version"]);
        await stale.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        await staleIfMatch.ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
        var read = await _http.GetJsonAsync(Account(customerId));
        Assert.Equal(again.ToJsonString(), read.ToJsonString());
    }

    [Fact]
    public async Task PutAccount_BadValues_Returns400NamingEachField()
    {
        var customerId = (string)(await _http.CreateCustomerAsync())["id"]!;

        using var low = await _http.SendJsonAsync(HttpMethod.Put, Account(customerId),
            new JsonObject { ["billCycleDay"] = 0, ["paymentTerms"] = -1, ["currency"] = "EURO" });
        using var high = await _http.SendJsonAsync(HttpMethod.Put, Account(customerId),
            new JsonObject { ["billCycleDay"] = 32, ["paymentTerms"] = 366 });
        using var malformed = await _http.SendJsonAsync(HttpMethod.Put, Account(customerId), new JsonObject { ["billCycleDay"] = "fifth" });

        var lowProblem = await low.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.NotEmpty(lowProblem.FieldErrors("billCycleDay"));
        Assert.NotEmpty(lowProblem.FieldErrors("paymentTerms"));
        Assert.NotEmpty(lowProblem.FieldErrors("currency"));
        var highProblem = await high.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.NotEmpty(highProblem.FieldErrors("billCycleDay"));
        Assert.NotEmpty(highProblem.FieldErrors("paymentTerms"));
        await malformed.ExpectProblemAsync(HttpStatusCode.BadRequest, "MALFORMED_REQUEST");
        var account = await _http.GetJsonAsync(Account(customerId));
        Assert.Equal(1, (int?)account["billCycleDay"]);
        Assert.Equal(14, (int?)account["paymentTerms"]);
    }

    [Fact]
    public async Task AccountRoutes_UnknownCustomer404_MalformedId400()
    {
        var unknown = Guid.NewGuid().ToString();

        using var get = await _http.GetAsync(Account(unknown));
        using var put = await _http.SendJsonAsync(HttpMethod.Put, Account(unknown), new JsonObject { ["billCycleDay"] = 5 });
        using var run = await _http.PostAsync($"{Account(unknown)}/run?date=2031-05-05", null);
        using var malformedGet = await _http.GetAsync(Account("nope"));
        using var malformedRun = await _http.PostAsync($"{Account("nope")}/run", null);

        await get.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await put.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await run.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.NotEmpty((await malformedGet.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("customerId"));
        Assert.NotEmpty((await malformedRun.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("customerId"));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Run of one account, and the invoice preview

    [Fact]
    public async Task Preview_IsExactlyWhatTheRunThenInvoices_WithProrationByDays()
    {
        var day = UncycledDay;
        var date = NewCycleDate(day);
        var productId = await ProductIdAsync();
        var (customerId, subscriptions) = await _http.CreateBilledCustomerAsync(day, productId, date.AddDays(-10), date);
        await _http.PutAccountAsync(customerId, new JsonObject { ["paymentTerms"] = 21 });

        using var previewResponse = await cluster.Silo2.Http.PostAsync($"{Invoices}/preview?customerId={customerId}&date={Day(date)}", null);
        var preview = await previewResponse.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Empty(await _http.InvoicesOfAsync(customerId));
        (await _http.GetJsonAsync(Account(customerId))).AssertAbsent("lastCycleDate");

        // Subscription 1 started 10 days before the cycle date: those days of the period before it, prorated, and
        // the period from the cycle date in advance; subscription 2 starts on the cycle date: that period only.
        var previous = new DateOnly(date.AddMonths(-1).Year, date.AddMonths(-1).Month, day);
        var periodDays = date.DayNumber - previous.DayNumber;
        var partial = Price - Prorate(Price, periodDays - 10, periodDays);
        var expected = new[]
        {
            (subscriptions[0], date.AddDays(-10), date.AddDays(-1), partial),
            (subscriptions[0], date, date.AddMonths(1).AddDays(-1), Price),
            (subscriptions[1], date, date.AddMonths(1).AddDays(-1), Price),
        };
        Assert.Equal(customerId, (string?)preview["customerId"]);
        Assert.Equal(Day(date), (string?)preview["date"]);
        var previewed = Assert.Single(preview["invoices"]!.AsArray())!.AsObject();
        var lines = previewed.Lines();
        Assert.Equal(expected.Length, lines.Length);
        foreach (var (line, (subscriptionId, from, to, amount)) in lines.Zip(expected))
        {
            Assert.Equal(subscriptionId, (string?)line["subscriptionId"]);
            Assert.Equal(Day(from), (string?)line["periodStart"]);
            Assert.Equal(Day(to), (string?)line["periodEnd"]);
            Assert.Equal(amount, (decimal?)line["netAmount"]);
            Assert.Equal(productId, (string?)line["productId"]);
        }

        Assert.Contains($"10 of {periodDays} days", (string?)lines[0]["description"], StringComparison.Ordinal);
        var subtotal = partial + Price + Price;
        Assert.Equal("RECURRING", (string?)previewed["invoiceType"]);
        Assert.Equal(subtotal, (decimal?)previewed["subtotal"]);
        Assert.Equal(lines.Sum(l => (decimal)l["taxAmount"]!), (decimal?)previewed["taxAmount"]);
        Assert.Equal(subtotal + (decimal)previewed["taxAmount"]!, (decimal?)previewed["totalAmount"]);
        Assert.Equal(Day(date.AddDays(-10)), (string?)previewed["billingPeriodStart"]);
        Assert.Equal(Day(date.AddMonths(1).AddDays(-1)), (string?)previewed["billingPeriodEnd"]);
        Assert.Equal(21, (int?)previewed["paymentTerms"]);
        Assert.Equal(Day(date.AddDays(21)), (string?)previewed["dueDate"]);

        using var runResponse = await _http.PostAsync($"{Account(customerId)}/run?date={Day(date)}", null);
        var run = await runResponse.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(preview.ToJsonString(), run.ToJsonString());

        var invoice = Assert.Single(await _http.InvoicesOfAsync(customerId));
        var byId = await cluster.Silo2.Http.GetJsonAsync($"{Invoices}/{previewed["id"]}");
        Assert.Equal((string?)previewed["id"], (string?)invoice["id"]);
        Assert.Equal(previewed["items"]!.ToJsonString(), byId["items"]!.ToJsonString());
        foreach (var field in new[] { "invoiceType", "customerId", "customerName", "issueDate", "dueDate", "billingPeriodStart", "billingPeriodEnd",
                     "subtotal", "discountAmount", "taxAmount", "totalAmount", "balanceDue", "currency", "paymentTerms" })
        {
            Assert.True(previewed[field]!.ToJsonString() == byId[field]!.ToJsonString(),
                $"{field}: preview {previewed[field]!.ToJsonString()}, invoice {byId[field]!.ToJsonString()}");
        }

        Assert.Equal("ISSUED", (string?)byId["status"]);
        Assert.Matches(InvoiceNumberPattern, (string?)byId["invoiceNumber"]);
        Assert.StartsWith($"FV/{date.Year}/", (string?)byId["invoiceNumber"], StringComparison.Ordinal);
        var byNumber = await _http.GetJsonAsync($"{Invoices}/by-invoice-number/{byId["invoiceNumber"]}");
        Assert.Equal((string?)byId["id"], (string?)byNumber["id"]);

        // Nothing is due any more for that date: the run and the preview both say so, and nothing more is stored.
        using var rerun = await cluster.Silo2.Http.PostAsync($"{Account(customerId)}/run?date={Day(date)}", null);
        using var previewAgain = await _http.PostAsync($"{Invoices}/preview?customerId={customerId}&date={Day(date)}", null);
        Assert.Empty((await rerun.ExpectJsonAsync(HttpStatusCode.OK))["invoices"]!.AsArray());
        Assert.Empty((await previewAgain.ExpectJsonAsync(HttpStatusCode.OK))["invoices"]!.AsArray());
        Assert.Single(await _http.InvoicesOfAsync(customerId));
    }

    [Fact]
    public async Task Run_AfterTheEndDateMovesEarlier_CreditsUnusedDaysOnACreditNote_AndTheAccountHoldsTheCredit()
    {
        var day = UncycledDay;
        var date = NewCycleDate(day);
        var (customerId, subscriptions) = await _http.CreateBilledCustomerAsync(day, await ProductIdAsync(), date);
        using var first = await _http.PostAsync($"{Account(customerId)}/run?date={Day(date)}", null);
        var billed = Assert.Single((await first.ExpectJsonAsync(HttpStatusCode.OK))["invoices"]!.AsArray())!;
        Assert.Equal(Gross(Price), (decimal?)billed["totalAmount"]);

        // The subscription ends 10 days into the period it was billed for in advance.
        var subscription = await _http.GetJsonAsync($"{CatalogApi.Subscriptions}/{subscriptions[0]}");
        using var ended = await _http.SendJsonAsync(HttpMethod.Put, $"{CatalogApi.Subscriptions}/{subscriptions[0]}",
            new JsonObject { ["endDate"] = Day(date.AddDays(10)), ["version"] = (int)subscription["version"]! });
        await ended.ExpectJsonAsync(HttpStatusCode.OK);
        var next = date.AddMonths(1);

        using var previewResponse = await _http.PostAsync($"{Invoices}/preview?customerId={customerId}&date={Day(next)}", null);
        var preview = await previewResponse.ExpectJsonAsync(HttpStatusCode.OK);
        using var runResponse = await _http.PostAsync($"{Account(customerId)}/run?date={Day(next)}", null);
        var run = await runResponse.ExpectJsonAsync(HttpStatusCode.OK);

        var periodDays = next.DayNumber - date.DayNumber;
        var credited = Price - Prorate(Price, 10, periodDays);
        var note = Assert.Single(run["invoices"]!.AsArray())!;
        Assert.Equal(preview.ToJsonString(), run.ToJsonString());
        Assert.Equal("CREDIT_NOTE", (string?)note["invoiceType"]);
        var line = Assert.Single(note["items"]!.AsArray())!;
        Assert.Equal(credited, (decimal?)line["netAmount"]);
        Assert.Equal(Day(date.AddDays(10)), (string?)line["periodStart"]);
        Assert.Equal(Day(next.AddDays(-1)), (string?)line["periodEnd"]);
        Assert.Equal(Gross(credited), (decimal?)note["totalAmount"]);
        Assert.Equal(0m, (decimal?)run["creditBefore"]);
        Assert.Equal(Gross(credited), (decimal?)run["creditAfter"]);

        var invoices = await _http.InvoicesOfAsync(customerId);
        Assert.Equal(2, invoices.Length);
        var stored = Assert.Single(invoices, i => (string?)i["invoiceType"] == "CREDIT_NOTE");
        Assert.Equal((string?)note["id"], (string?)stored["id"]);
        Assert.Matches(InvoiceNumberPattern, (string?)stored["invoiceNumber"]);
        Assert.Equal(Gross(credited), (decimal?)(await _http.GetJsonAsync(Account(customerId)))["creditBalance"]);
    }

    [Fact]
    public async Task Run_RatesUsageBeyondTheAllowanceOfTheEndedPeriod_ThenRefusesUsageInIt()
    {
        var date = NewCycleDate(UncycledDay);
        var next = date.AddMonths(1);
        var body = CatalogApi.NewProduct("USG" + Guid.NewGuid().ToString("N")[..8]);
        body["price"] = Price;
        body["validityEnd"] = null;
        body["usageAllowances"] = new JsonArray(new JsonObject { ["usageType"] = "DATA", ["included"] = 1000, ["unitPrice"] = 0.05m });
        var productId = (string)(await _http.CreateProductAsync(body))["id"]!;
        var (customerId, subscriptions) = await _http.CreateBilledCustomerAsync(UncycledDay, productId, date);
        using var first = await _http.PostAsync($"{Account(customerId)}/run?date={Day(date)}", null);
        Assert.Single(Assert.Single((await first.ExpectJsonAsync(HttpStatusCode.OK))["invoices"]!.AsArray())!["items"]!.AsArray());

        // 1,500 MB in the first period (500 beyond the 1,000 included), voice without an allowance, and data of the next period.
        foreach (var (type, quantity, day) in new[] { ("DATA", 700m, date.AddDays(2)), ("DATA", 800m, next.AddDays(-1)), ("VOICE", 90m, date.AddDays(3)), ("DATA", 5000m, next) })
        {
            using var recorded = await _http.SendJsonAsync(HttpMethod.Post, UsageRecords, UsageBody(subscriptions[0], day, type, quantity));
            await recorded.ExpectJsonAsync(HttpStatusCode.Created);
        }

        using var previewResponse = await _http.PostAsync($"{Invoices}/preview?customerId={customerId}&date={Day(next)}", null);
        var preview = await previewResponse.ExpectJsonAsync(HttpStatusCode.OK);
        using var runResponse = await _http.PostAsync($"{Account(customerId)}/run?date={Day(next)}", null);
        var run = await runResponse.ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(preview.ToJsonString(), run.ToJsonString());
        var invoice = Assert.Single(run["invoices"]!.AsArray())!.AsObject();
        var lines = invoice.Lines();
        Assert.Equal(2, lines.Length);
        var recurring = Assert.Single(lines, l => (string?)l["periodStart"] == Day(next));
        Assert.Equal(Price, (decimal?)recurring["netAmount"]);
        var usage = Assert.Single(lines, l => (string?)l["periodStart"] == Day(date));
        Assert.Equal(500m, (decimal?)usage["quantity"]);
        Assert.Equal(0.05m, (decimal?)usage["unitPrice"]);
        Assert.Equal(25m, (decimal?)usage["netAmount"]);
        Assert.Equal(Day(next.AddDays(-1)), (string?)usage["periodEnd"]);
        Assert.Equal(subscriptions[0], (string?)usage["subscriptionId"]);
        Assert.Equal(Gross(Price) + Gross(25m), (decimal?)invoice["totalAmount"]);

        // The first period is invoiced: usage in it is refused; usage of the open period is still accepted.
        using var late = await _http.SendJsonAsync(HttpMethod.Post, UsageRecords, UsageBody(subscriptions[0], date.AddDays(5)));
        Assert.NotEmpty((await late.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT")).FieldErrors("usageDate"));
        using var current = await _http.SendJsonAsync(HttpMethod.Post, UsageRecords, UsageBody(subscriptions[0], next.AddDays(1)));
        await current.ExpectJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task PreviewAndRun_BadQuery_Returns400NamingTheParameter()
    {
        var customerId = (string)(await _http.CreateCustomerAsync())["id"]!;

        using var noCustomer = await _http.PostAsync($"{Invoices}/preview", null);
        using var malformedCustomer = await _http.PostAsync($"{Invoices}/preview?customerId=abc", null);
        using var unknownCustomer = await _http.PostAsync($"{Invoices}/preview?customerId={Guid.NewGuid()}", null);
        using var badDate = await _http.PostAsync($"{Invoices}/preview?customerId={customerId}&date=2031-02-30", null);
        using var badRunDate = await _http.PostAsync($"{Account(customerId)}/run?date=soon", null);

        Assert.NotEmpty((await noCustomer.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("customerId"));
        Assert.NotEmpty((await malformedCustomer.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("customerId"));
        Assert.NotEmpty((await unknownCustomer.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("customerId"));
        Assert.NotEmpty((await badDate.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("date"));
        Assert.NotEmpty((await badRunDate.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("date"));
        Assert.Empty(await _http.InvoicesOfAsync(customerId));
    }

    [Fact]
    public async Task Run_CustomerWithoutSubscriptions_Returns200WithNoInvoice()
    {
        var customerId = (string)(await _http.CreateCustomerAsync())["id"]!;
        var date = NewCycleDate(UncycledDay);

        using var response = await _http.PostAsync($"{BillingAlias}/accounts/{customerId}/run?date={Day(date)}", null);
        var run = await response.ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(customerId, (string?)run["customerId"]);
        Assert.Equal(Day(date), (string?)run["date"]);
        Assert.Empty(run["invoices"]!.AsArray());
        Assert.Empty(await _http.InvoicesOfAsync(customerId));
    }
}

internal static class UsagePages
{
    public static decimal[] ToQuantities(this JsonObject page) =>
        page["content"]!.AsArray().Select(r => (decimal)r!["quantity"]!).ToArray();
}
