using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests;

/// <summary>Every subscription route (and its /api/subscriptions alias), the customer/product rules, filters and errors.</summary>
[Collection(ApiCluster.Name)]
public class SubscriptionApiTests(ApiClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.Http;

    private static string PathOf(JsonObject subscription) => $"{CatalogApi.Subscriptions}/{subscription["id"]}";

    private async Task<JsonObject> NewBodyAsync(JsonObject? product = null)
    {
        var customer = await _http.CreateCustomerAsync();
        product ??= await _http.CreateProductAsync();
        return new JsonObject
        {
            ["customerId"] = customer["id"]!.ToString(),
            ["productId"] = product["id"]!.ToString(),
        };
    }

    private async Task<JsonObject> SubscribeAsync(JsonObject body)
    {
        using var response = await _http.SendJsonAsync(HttpMethod.Post, CatalogApi.Subscriptions, body);
        return await response.ExpectJsonAsync(HttpStatusCode.Created);
    }

    private async Task<JsonObject> SubscribeAsync() => await SubscribeAsync(await NewBodyAsync());

    [Fact]
    public async Task Create_MinimalBody_Returns201WithTheProductsTermsAndEveryField()
    {
        var body = await NewBodyAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Post, CatalogApi.Subscriptions, body);
        var created = await response.ExpectJsonAsync(HttpStatusCode.Created);

        Assert.Equal($"{CatalogApi.Subscriptions}/{created["id"]}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Matches("^SUB-[0-9A-F]{10}$", (string?)created["subscriptionNumber"]);
        Assert.Equal((string?)body["customerId"], (string?)created["customerId"]);
        Assert.Equal((string?)body["productId"], (string?)created["productId"]);
        created.AssertAbsent("orderId");
        Assert.Equal("ACTIVE", (string?)created["status"]);
        Assert.Equal("Active", (string?)created["statusDisplayName"]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", (string?)created["startDate"]);
        Assert.Equal((string?)created["startDate"], (string?)created["billingStart"]);
        Assert.Equal((string?)created["startDate"], (string?)created["nextBillingDate"]);
        created.AssertAbsent("endDate");
        Assert.Equal("MONTHLY", (string?)created["billingPeriod"]);
        Assert.Equal("Monthly", (string?)created["billingPeriodDisplayName"]);
        Assert.Equal(49.99m, (decimal?)created["price"]);
        Assert.Equal("PLN", (string?)created["currency"]);
        Assert.Equal(0m, (decimal?)created["discountAmount"]);
        Assert.Equal(49.99m, (decimal?)created["netAmount"]);
        created.AssertAbsent("configuration");
        Assert.True((bool?)created["autoRenew"]);
        Assert.False((bool?)created["renewalNoticeSent"]);
        Assert.Equal(1, (int?)created["version"]);
    }

    [Fact]
    public async Task Create_ConfigurationObject_RoundTripsAsAnObjectInGetAndList()
    {
        var body = await NewBodyAsync();
        body["subscriptionNumber"] = "SUB-CFG-" + Guid.NewGuid().ToString("N")[..8];
        body["configuration"] = new JsonObject { ["apn"] = "internet", ["limits"] = new JsonObject { ["dataGb"] = 50 }, ["tags"] = new JsonArray("a", "b") };
        body["price"] = 30m;
        body["discountAmount"] = 5.5m;
        body["endDate"] = "2027-06-30";
        body["startDate"] = "2026-07-01";

        var created = await SubscribeAsync(body);
        var read = await cluster.Silo2.Http.GetJsonAsync(PathOf(created));
        var listed = (await _http.GetJsonAsync($"{CatalogApi.Subscriptions}?searchTerm={body["subscriptionNumber"]}"))["content"]![0]!;

        Assert.Equal(24.5m, (decimal?)created["netAmount"]);
        foreach (var view in new[] { created, read, listed.AsObject() })
        {
            var configuration = view["configuration"]!.AsObject();
            Assert.Equal("internet", (string?)configuration["apn"]);
            Assert.Equal(50, (int?)configuration["limits"]!["dataGb"]);
            Assert.Equal(2, configuration["tags"]!.AsArray().Count);
        }
    }

    [Fact]
    public async Task Create_InvalidFields_Returns400NamingEachField()
    {
        var body = await NewBodyAsync();
        body["subscriptionNumber"] = "S1";
        body["price"] = -1m;
        body["discountAmount"] = 1.234m;
        body["configuration"] = new JsonArray(1, 2);
        body["billingPeriod"] = "DAILY";
        body["orderId"] = "not-a-uuid";

        using var response = await _http.SendJsonAsync(HttpMethod.Post, CatalogApi.Subscriptions, body);
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        Assert.Equal(["must be a JSON object"], problem.FieldErrors("configuration"));
        Assert.NotEmpty(problem.FieldErrors("billingPeriod"));
        Assert.Equal(["must be a UUID"], problem.FieldErrors("orderId"));
    }

    [Fact]
    public async Task Create_BadAmountsAndDates_Returns400NamingEachField()
    {
        var body = await NewBodyAsync();
        body["subscriptionNumber"] = "S1";
        body["price"] = 10m;
        body["discountAmount"] = 11m;
        body["startDate"] = "2026-05-01";
        body["endDate"] = "2026-04-01";

        using var response = await _http.SendJsonAsync(HttpMethod.Post, CatalogApi.Subscriptions, body);
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        Assert.NotEmpty(problem.FieldErrors("subscriptionNumber"));
        Assert.Equal(["must not exceed price"], problem.FieldErrors("discountAmount"));
        Assert.Equal(["must not be before startDate"], problem.FieldErrors("endDate"));
    }

    [Fact]
    public async Task Create_UnknownCustomerAndProduct_Returns400NamingBoth()
    {
        using var response = await _http.SendJsonAsync(HttpMethod.Post, CatalogApi.Subscriptions, new JsonObject
        {
            ["customerId"] = Guid.NewGuid().ToString(),
            ["productId"] = Guid.NewGuid().ToString(),
        });

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.Equal(["does not name an existing customer"], problem.FieldErrors("customerId"));
        Assert.Equal(["does not name an existing product"], problem.FieldErrors("productId"));
    }

    [Fact]
    public async Task Create_SuspendedCustomerOrInactiveProduct_Returns409NamingTheField()
    {
        var body = await NewBodyAsync();
        await _http.PutStatusAsync($"{Api.Customers}/{body["customerId"]}", "SUSPENDED");
        var inactive = await _http.CreateProductAsync();
        await _http.PutStatusAsync($"{CatalogApi.Products}/{inactive["id"]}", "INACTIVE");
        var other = await NewBodyAsync(inactive);

        using var suspendedCustomer = await _http.SendJsonAsync(HttpMethod.Post, CatalogApi.Subscriptions, body);
        using var inactiveProduct = await _http.SendJsonAsync(HttpMethod.Post, CatalogApi.Subscriptions, other);

        Assert.Equal(["the customer is SUSPENDED, not ACTIVE"],
            (await suspendedCustomer.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT")).FieldErrors("customerId"));
        Assert.Equal(["the product is INACTIVE, not ACTIVE"],
            (await inactiveProduct.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT")).FieldErrors("productId"));
    }

    [Fact]
    public async Task Create_DuplicateSubscriptionNumber_Returns409NamingIt()
    {
        var number = "SUB-DUP-" + Guid.NewGuid().ToString("N")[..8];
        var first = await NewBodyAsync();
        first["subscriptionNumber"] = number;
        await SubscribeAsync(first);
        var second = await NewBodyAsync();
        second["subscriptionNumber"] = number;

        using var response = await _http.SendJsonAsync(HttpMethod.Post, CatalogApi.Subscriptions, second);

        Assert.NotEmpty((await response.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT")).FieldErrors("subscriptionNumber"));
        var customer = second["customerId"]!.ToString();
        Assert.Equal("TERMINATED", (string?)(await _http.PutStatusAsync($"{Api.Customers}/{customer}", "TERMINATED"))["status"]);
    }

    [Fact]
    public async Task Create_SameIdempotencyKey_ReplaysAndOtherBodyIs422()
    {
        var body = await NewBodyAsync();
        var key = Guid.NewGuid().ToString();

        using var first = await _http.SendJsonAsync(HttpMethod.Post, "/api/subscriptions", body, r => r.Headers.Add("Idempotency-Key", key));
        using var again = await cluster.Silo2.Http.SendJsonAsync(HttpMethod.Post, "/api/subscriptions", body, r => r.Headers.Add("Idempotency-Key", key));
        body["discountAmount"] = 1m;
        using var other = await _http.SendJsonAsync(HttpMethod.Post, "/api/subscriptions", body, r => r.Headers.Add("Idempotency-Key", key));

        var created = await first.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal(created.ToJsonString(), (await again.ExpectJsonAsync(HttpStatusCode.Created)).ToJsonString());
        await other.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED");
    }

    [Fact]
    public async Task Alias_GetListUpdateStatusRenewAndStats_Answer()
    {
        var body = await NewBodyAsync();
        body["endDate"] = "2027-01-31";
        var created = await SubscribeAsync(body);
        var alias = $"/api/subscriptions/{created["id"]}";

        Assert.Equal(created.ToJsonString(), (await _http.GetJsonAsync(alias)).ToJsonString());
        Assert.Contains((string)created["id"]!, (await _http.GetJsonAsync($"/api/subscriptions?customerId={body["customerId"]}")).Ids());
        Assert.True((long?)(await _http.GetJsonAsync("/api/subscriptions/stats"))["total"] >= 1);
        using var put = await _http.SendJsonAsync(HttpMethod.Put, alias, new JsonObject { ["autoRenew"] = false, ["version"] = 1 });
        Assert.False((bool?)(await put.ExpectJsonAsync(HttpStatusCode.OK))["autoRenew"]);
        using var renew = await _http.SendJsonAsync(HttpMethod.Put, $"{alias}/renew", null);
        Assert.Equal("2027-02-28", (string?)(await renew.ExpectJsonAsync(HttpStatusCode.OK))["endDate"]);
        Assert.Equal("SUSPENDED", (string?)(await _http.PutStatusAsync(alias, "SUSPENDED"))["status"]);
    }

    [Fact]
    public async Task Get_UnknownId_Returns404AndMalformedId400()
    {
        using var unknown = await _http.GetAsync($"{CatalogApi.Subscriptions}/{Guid.NewGuid()}");
        using var malformed = await _http.GetAsync($"{CatalogApi.Subscriptions}/123");

        await unknown.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await malformed.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
    }

    [Fact]
    public async Task Update_TermsWithCurrentVersion_KeepsAbsentFieldsAndRecomputesNet()
    {
        var created = await SubscribeAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), new JsonObject
        {
            ["id"] = created["id"]!.ToString(),
            ["discountAmount"] = 9.99m,
            ["configuration"] = new JsonObject { ["speed"] = "1G" },
            ["endDate"] = "2030-01-01",
            ["version"] = 1,
        });

        var updated = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(40m, (decimal?)updated["netAmount"]);
        Assert.Equal(49.99m, (decimal?)updated["price"]);
        Assert.Equal("1G", (string?)updated["configuration"]!["speed"]);
        Assert.Equal("2030-01-01", (string?)updated["endDate"]);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Update_OtherCustomer_Returns400CannotBeChanged()
    {
        var created = await SubscribeAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created),
            new JsonObject { ["customerId"] = Guid.NewGuid().ToString(), ["version"] = 1 });

        Assert.Equal(["cannot be changed"], (await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("customerId"));
    }

    [Fact]
    public async Task Update_StaleVersion409_StaleIfMatch412_NoVersion400_Unknown404()
    {
        var created = await SubscribeAsync();

        using var stale = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), new JsonObject { ["autoRenew"] = false, ["version"] = 3 });
        using var ifMatch = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), new JsonObject { ["autoRenew"] = false }, r => r.IfMatch("\"3\""));
        using var none = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), new JsonObject { ["autoRenew"] = false });
        using var unknown = await _http.SendJsonAsync(HttpMethod.Put, $"{CatalogApi.Subscriptions}/{Guid.NewGuid()}", new JsonObject { ["version"] = 1 });

        await stale.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        await ifMatch.ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
        Assert.NotEmpty((await none.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("version"));
        await unknown.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task ChangeStatus_SuspendResumeCancel_ThenAnythingIsInvalidTransition()
    {
        var created = await SubscribeAsync();

        await _http.PutStatusAsync(PathOf(created), "SUSPENDED");
        await _http.PutStatusAsync(PathOf(created), "ACTIVE");
        var cancelled = await _http.PutStatusAsync(PathOf(created), "CANCELLED");
        using var again = await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/status", new JsonObject { ["status"] = "ACTIVE" });

        Assert.Equal("Cancelled", (string?)cancelled["statusDisplayName"]);
        Assert.Contains("CANCELLED is final", (string?)(await again.ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION"))["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangeStatus_UnknownStatus400_StaleIfMatch412_Unknown404()
    {
        var created = await SubscribeAsync();

        using var bad = await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/status", new JsonObject { ["status"] = "PAUSED" });
        using var ifMatch = await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/status", new JsonObject { ["status"] = "EXPIRED" }, r => r.IfMatch("\"7\""));
        using var unknown = await _http.SendJsonAsync(HttpMethod.Put, $"{CatalogApi.Subscriptions}/{Guid.NewGuid()}/status", new JsonObject { ["status"] = "EXPIRED" });

        Assert.Equal(["must be one of ACTIVE, SUSPENDED, CANCELLED, EXPIRED"],
            (await bad.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("status"));
        await ifMatch.ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
        await unknown.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Renew_WithVersionInBody_ExtendsEndDateByTheBillingPeriod()
    {
        var body = await NewBodyAsync();
        body["billingPeriod"] = "YEARLY";
        body["endDate"] = "2027-06-30";
        var created = await SubscribeAsync(body);

        using var response = await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/renew", new JsonObject { ["version"] = 1 });

        var renewed = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("2028-06-30", (string?)renewed["endDate"]);
        Assert.Equal(2, (int?)renewed["version"]);
    }

    [Fact]
    public async Task Renew_Suspended409_StaleVersion409_StaleIfMatch412_Unknown404()
    {
        var body = await NewBodyAsync();
        body["endDate"] = "2027-06-30";
        var created = await SubscribeAsync(body);
        using var stale = await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/renew", new JsonObject { ["version"] = 9 });
        using var ifMatch = await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/renew", null, r => r.IfMatch("\"9\""));
        await _http.PutStatusAsync(PathOf(created), "SUSPENDED");

        using var suspended = await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/renew", null);
        using var unknown = await _http.SendJsonAsync(HttpMethod.Put, $"{CatalogApi.Subscriptions}/{Guid.NewGuid()}/renew", null);

        await stale.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        await ifMatch.ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
        Assert.Contains("SUSPENDED", (string?)(await suspended.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT"))["message"], StringComparison.Ordinal);
        await unknown.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task TerminateCustomer_WithActiveSubscriptions_Returns409NamingThemUntilCancelled()
    {
        var body = await NewBodyAsync();
        var first = await SubscribeAsync(body);
        var second = await SubscribeAsync(body);
        var customerPath = $"{Api.Customers}/{body["customerId"]}";

        using var refused = await _http.SendJsonAsync(HttpMethod.Put, $"{customerPath}/status", new JsonObject { ["status"] = "TERMINATED" });
        var problem = await refused.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        Assert.Contains((string)first["id"]!, (string?)problem["message"], StringComparison.Ordinal);
        Assert.Contains((string)second["id"]!, (string?)problem["message"], StringComparison.Ordinal);

        await _http.PutStatusAsync(PathOf(first), "CANCELLED");
        await cluster.Silo2.Http.PutStatusAsync(PathOf(second), "SUSPENDED");
        var terminated = await _http.PutStatusAsync(customerPath, "TERMINATED");

        Assert.Equal("TERMINATED", (string?)terminated["status"]);
        Assert.Equal(2, (int?)terminated["version"]);
        using var resume = await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(second)}/status", new JsonObject { ["status"] = "ACTIVE" });
        Assert.Contains("TERMINATED", (string?)(await resume.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT"))["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteCustomer_WithActiveSubscription_Returns409()
    {
        var body = await NewBodyAsync();
        await SubscribeAsync(body);

        using var response = await _http.DeleteAsync($"{Api.Customers}/{body["customerId"]}");

        await response.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
    }

    [Fact]
    public async Task List_Filters_ByStatusCustomerProductAndNumber()
    {
        var product = await _http.CreateProductAsync();
        var body = await NewBodyAsync(product);
        var active = await SubscribeAsync(body);
        var suspended = await SubscribeAsync(body);
        await _http.PutStatusAsync(PathOf(suspended), "SUSPENDED");
        var elsewhere = await SubscribeAsync(await NewBodyAsync(product));

        var byCustomer = await List($"customerId={body["customerId"]}&sort=createdAt,asc");
        var byProduct = await List($"productId={product["id"]}&size=100");
        var byStatus = await List($"customerId={body["customerId"]}&status=SUSPENDED");
        var byNumber = await List($"searchTerm={((string)active["subscriptionNumber"]!).ToLowerInvariant()}");

        Assert.Equal([(string)active["id"]!, (string)suspended["id"]!], byCustomer.Ids());
        Assert.Equal(3, (int?)byProduct["totalElements"]);
        Assert.Contains((string)elsewhere["id"]!, byProduct.Ids());
        Assert.Equal([(string)suspended["id"]!], byStatus.Ids());
        Assert.Equal([(string)active["id"]!], byNumber.Ids());
    }

    [Fact]
    public async Task List_PagingAndSortByNetAmount()
    {
        var body = await NewBodyAsync();
        foreach (var discount in new[] { 10m, 30m, 20m })
        {
            body["discountAmount"] = discount;
            await SubscribeAsync(body);
        }

        var first = await List($"customerId={body["customerId"]}&sort=netAmount,desc&size=2");
        var second = await List($"customerId={body["customerId"]}&sort=netAmount,desc&size=2&page=1");

        Assert.Equal([39.99m, 29.99m], first["content"]!.AsArray().Select(s => (decimal)s!["netAmount"]!));
        Assert.Equal([19.99m], second["content"]!.AsArray().Select(s => (decimal)s!["netAmount"]!));
        Assert.Equal(3, (int?)first["totalElements"]);
    }

    [Theory]
    [InlineData("status=PAUSED", "status")]
    [InlineData("customerId=42", "customerId")]
    [InlineData("productId=x", "productId")]
    [InlineData("sort=customerName,asc", "sort")]
    public async Task List_BadQuery_Returns400NamingTheParameter(string query, string field)
    {
        using var response = await _http.GetAsync($"{CatalogApi.Subscriptions}?{query}");

        Assert.NotEmpty((await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors(field));
    }

    [Fact]
    public async Task Stats_CountEveryStatus_AndFollowACancel()
    {
        var created = await SubscribeAsync();
        var before = await _http.GetJsonAsync($"{CatalogApi.Subscriptions}/stats");
        await _http.PutStatusAsync(PathOf(created), "EXPIRED");

        var after = await _http.GetJsonAsync($"{CatalogApi.Subscriptions}/stats");

        Assert.Equal(["ACTIVE", "SUSPENDED", "CANCELLED", "EXPIRED"], after["byStatus"]!.AsObject().Select(p => p.Key));
        Assert.Equal((long)before["byStatus"]!["EXPIRED"]! + 1, (long)after["byStatus"]!["EXPIRED"]!);
        Assert.Equal((long)before["total"]!, (long)after["total"]!);
    }

    private static string Today => DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<HttpResponseMessage> ChangePlanAsync(JsonObject subscription, JsonObject body,
        Action<HttpRequestMessage>? configure = null, string? basePath = null) =>
        await _http.SendJsonAsync(HttpMethod.Post, $"{basePath ?? CatalogApi.Subscriptions}/{subscription["id"]}/change-plan", body, configure);

    private static JsonObject Plan(JsonObject product) => new() { ["productId"] = product["id"]!.ToString() };

    [Fact]
    public async Task Create_ShowsOneTermFromTheBillingStartAndNoSuspensionReason()
    {
        var body = await NewBodyAsync();
        body["billingStart"] = "2027-02-01";
        body["startDate"] = "2027-01-15";
        body["discountAmount"] = 4.99m;

        var created = await SubscribeAsync(body);

        var term = Assert.Single(created["terms"]!.AsArray())!;
        Assert.Equal("2027-02-01", (string?)term["from"]);
        Assert.Equal((string?)body["productId"], (string?)term["productId"]);
        Assert.Equal(49.99m, (decimal?)term["price"]);
        Assert.Equal(4.99m, (decimal?)term["discountAmount"]);
        created.AssertAbsent("suspensionReason", "suspensionReasonDisplayName");
    }

    [Fact]
    public async Task Update_NewPrice_AppendsATermFromToday()
    {
        var body = await NewBodyAsync();
        body["startDate"] = "2026-01-01";
        var created = await SubscribeAsync(body);

        using var response = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), new JsonObject { ["price"] = 59.99m, ["version"] = 1 });

        var terms = (await response.ExpectJsonAsync(HttpStatusCode.OK))["terms"]!.AsArray();
        Assert.Equal(["2026-01-01", Today], terms.Select(t => (string)t!["from"]!));
        Assert.Equal([49.99m, 59.99m], terms.Select(t => (decimal)t!["price"]!));
    }

    [Fact]
    public async Task ChangePlan_OtherProduct_Returns200WithItsPriceAndANewTerm()
    {
        var body = await NewBodyAsync();
        body["startDate"] = "2026-01-01";
        body["discountAmount"] = 10m;
        var created = await SubscribeAsync(body);
        var upgrade = CatalogApi.NewProduct();
        upgrade["price"] = 79.99m;
        var product = await _http.CreateProductAsync(upgrade);

        using var response = await ChangePlanAsync(created, Plan(product), r => r.IfMatch("\"1\""));

        var changed = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        Assert.Equal((string?)product["id"], (string?)changed["productId"]);
        Assert.Equal(79.99m, (decimal?)changed["price"]);
        Assert.Equal(0m, (decimal?)changed["discountAmount"]);
        Assert.Equal(79.99m, (decimal?)changed["netAmount"]);
        var terms = changed["terms"]!.AsArray();
        Assert.Equal(["2026-01-01", Today], terms.Select(t => (string)t!["from"]!));
        Assert.Equal((string?)product["id"], (string?)terms[1]!["productId"]);
        Assert.Equal(changed.ToJsonString(), (await cluster.Silo2.Http.GetJsonAsync(PathOf(created))).ToJsonString());
    }

    [Fact]
    public async Task ChangePlan_ThroughTheAliasWithOwnTermsAndDate_Returns200()
    {
        var created = await SubscribeAsync();
        var product = await _http.CreateProductAsync();
        var body = Plan(product);
        body["price"] = 40m;
        body["discountAmount"] = 5.5m;
        body["effectiveDate"] = "2099-03-01";
        body["version"] = 1;

        using var response = await ChangePlanAsync(created, body, basePath: "/api/subscriptions");

        var changed = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(34.5m, (decimal?)changed["netAmount"]);
        Assert.Equal("2099-03-01", (string?)changed["terms"]![1]!["from"]);
        Assert.Equal(5.5m, (decimal?)changed["terms"]![1]!["discountAmount"]);
    }

    [Fact]
    public async Task ChangePlan_SameIdempotencyKey_ReplaysOnce()
    {
        var created = await SubscribeAsync();
        var product = await _http.CreateProductAsync();
        var key = Guid.NewGuid().ToString();

        using var first = await ChangePlanAsync(created, Plan(product), r => r.Headers.Add("Idempotency-Key", key));
        using var again = await ChangePlanAsync(created, Plan(product), r => r.Headers.Add("Idempotency-Key", key));

        Assert.Equal((await first.ExpectJsonAsync(HttpStatusCode.OK)).ToJsonString(), (await again.ExpectJsonAsync(HttpStatusCode.OK)).ToJsonString());
        Assert.Equal(2, (int?)(await _http.GetJsonAsync(PathOf(created)))["version"]);
    }

    [Fact]
    public async Task ChangePlan_MissingUnknownOrMalformedProduct_Returns400NamingProductId()
    {
        var created = await SubscribeAsync();

        using var missing = await ChangePlanAsync(created, new JsonObject());
        using var unknown = await ChangePlanAsync(created, new JsonObject { ["productId"] = Guid.NewGuid().ToString() });
        using var malformed = await ChangePlanAsync(created, new JsonObject { ["productId"] = "plan-b" });

        Assert.Equal(["is required"], (await missing.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("productId"));
        Assert.Equal(["does not name an existing product"],
            (await unknown.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("productId"));
        Assert.Equal(["must be a UUID"], (await malformed.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("productId"));
    }

    [Fact]
    public async Task ChangePlan_BadAmounts_Returns400NamingEachField()
    {
        var created = await SubscribeAsync();
        var body = Plan(await _http.CreateProductAsync());
        body["price"] = 10m;
        body["discountAmount"] = 12m;

        using var response = await ChangePlanAsync(created, body);

        Assert.Equal(["must not exceed price"], (await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("discountAmount"));
    }

    [Fact]
    public async Task ChangePlan_EffectiveDateBeforeTheTermOrOnTheEndDate_Returns400NamingEffectiveDate()
    {
        var body = await NewBodyAsync();
        body["startDate"] = "2026-01-01";
        body["endDate"] = "2099-12-31";
        var created = await SubscribeAsync(body);
        var product = await _http.CreateProductAsync();
        var early = Plan(product);
        early["effectiveDate"] = "2025-12-31";
        var late = Plan(product);
        late["effectiveDate"] = "2099-12-31";
        var malformed = Plan(product);
        malformed["effectiveDate"] = "31.12.2099";

        using var before = await ChangePlanAsync(created, early);
        using var onEnd = await ChangePlanAsync(created, late);
        using var bad = await ChangePlanAsync(created, malformed);

        Assert.Equal(["must not be before 2026-01-01, when the current term starts"],
            (await before.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("effectiveDate"));
        Assert.Equal(["must be before endDate (2099-12-31)"],
            (await onEnd.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("effectiveDate"));
        Assert.NotEmpty((await bad.ExpectProblemAsync(HttpStatusCode.BadRequest, "MALFORMED_REQUEST")).FieldErrors("effectiveDate"));
    }

    [Fact]
    public async Task ChangePlan_InactiveProductOtherCurrencyOrPeriod_Returns409NamingWhy()
    {
        var created = await SubscribeAsync();
        var inactive = await _http.CreateProductAsync();
        await _http.PutStatusAsync($"{CatalogApi.Products}/{inactive["id"]}", "INACTIVE");
        var euro = CatalogApi.NewProduct();
        euro["currency"] = "EUR";
        var yearly = CatalogApi.NewProduct();
        yearly["billingPeriod"] = "YEARLY";

        using var toInactive = await ChangePlanAsync(created, Plan(inactive));
        using var toEuro = await ChangePlanAsync(created, Plan(await _http.CreateProductAsync(euro)));
        using var toYearly = await ChangePlanAsync(created, Plan(await _http.CreateProductAsync(yearly)));

        Assert.Equal(["the product is INACTIVE, not ACTIVE"],
            (await toInactive.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT")).FieldErrors("productId"));
        Assert.Equal(["the product is priced in EUR, the subscription in PLN"],
            (await toEuro.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT")).FieldErrors("productId"));
        Assert.Contains("billed YEARLY, the subscription MONTHLY",
            (string?)(await toYearly.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT"))["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangePlan_CancelledSubscription_Returns409InvalidTransition()
    {
        var created = await SubscribeAsync();
        await _http.PutStatusAsync(PathOf(created), "CANCELLED");

        using var response = await ChangePlanAsync(created, Plan(await _http.CreateProductAsync()));

        Assert.Contains("this one is CANCELLED",
            (string?)(await response.ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION"))["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangePlan_StaleVersion409_StaleIfMatch412_OtherIdInBody400_Unknown404()
    {
        var created = await SubscribeAsync();
        var product = await _http.CreateProductAsync();
        var stale = Plan(product);
        stale["version"] = 5;
        var otherId = Plan(product);
        otherId["id"] = Guid.NewGuid().ToString();

        using var staleBody = await ChangePlanAsync(created, stale);
        using var staleIfMatch = await ChangePlanAsync(created, Plan(product), r => r.IfMatch("\"5\""));
        using var wrongId = await ChangePlanAsync(created, otherId);
        using var unknown = await ChangePlanAsync(new JsonObject { ["id"] = Guid.NewGuid().ToString() }, Plan(product));

        await staleBody.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        await staleIfMatch.ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
        Assert.NotEmpty((await wrongId.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("id"));
        await unknown.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task ChangeStatus_CancelOrExpire_EndsTodayUnlessItEndsEarlier()
    {
        var open = await SubscribeAsync();
        var later = await NewBodyAsync();
        later["endDate"] = "2099-06-30";
        var endsLater = await SubscribeAsync(later);
        var earlier = await NewBodyAsync();
        earlier["startDate"] = "2026-01-01";
        earlier["endDate"] = "2026-02-01";
        var endedEarlier = await SubscribeAsync(earlier);

        var cancelled = await _http.PutStatusAsync(PathOf(open), "CANCELLED");
        var expired = await _http.PutStatusAsync(PathOf(endsLater), "EXPIRED");
        var kept = await _http.PutStatusAsync(PathOf(endedEarlier), "CANCELLED");

        Assert.Equal(Today, (string?)cancelled["endDate"]);
        Assert.Equal(Today, (string?)expired["endDate"]);
        Assert.Equal("2026-02-01", (string?)kept["endDate"]);
    }

    [Fact]
    public async Task ChangeStatus_Suspend_ShowsManualReasonAndResumeClearsIt()
    {
        var created = await SubscribeAsync();

        var suspended = await _http.PutStatusAsync(PathOf(created), "SUSPENDED");
        var resumed = await _http.PutStatusAsync(PathOf(created), "ACTIVE");

        Assert.Equal("MANUAL", (string?)suspended["suspensionReason"]);
        Assert.Equal("Manual", (string?)suspended["suspensionReasonDisplayName"]);
        resumed.AssertAbsent("suspensionReason", "suspensionReasonDisplayName");
    }

    private Task<JsonObject> List(string query) => _http.GetJsonAsync($"{CatalogApi.Subscriptions}?{query}");
}
