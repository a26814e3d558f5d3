using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests;

/// <summary>Every product route (and its /api/products alias), filters, stats and error statuses over HTTP.</summary>
[Collection(ApiCluster.Name)]
public class ProductApiTests(ApiClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.Http;

    private static string PathOf(JsonObject product) => $"{CatalogApi.Products}/{product["id"]}";

    [Fact]
    public async Task Create_ValidProduct_Returns201WithEveryContractField()
    {
        var body = CatalogApi.NewProduct();
        body["category"] = "TV";
        body["createdBy"] = "catalog-admin";

        using var response = await _http.SendJsonAsync(HttpMethod.Post, CatalogApi.Products, body);
        var created = await response.ExpectJsonAsync(HttpStatusCode.Created);

        Assert.Equal($"{CatalogApi.Products}/{created["id"]}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal((string?)body["productCode"], (string?)created["productCode"]);
        Assert.Equal("TARIFF", (string?)created["productType"]);
        Assert.Equal("Tariff", (string?)created["productTypeDisplayName"]);
        Assert.Equal("TV", (string?)created["category"]);
        Assert.Equal("TV", (string?)created["categoryDisplayName"]);
        Assert.Equal(49.99m, (decimal?)created["price"]);
        Assert.Equal("PLN", (string?)created["currency"]);
        Assert.Equal("MONTHLY", (string?)created["billingPeriod"]);
        Assert.Equal("Monthly", (string?)created["billingPeriodDisplayName"]);
        Assert.Equal("ACTIVE", (string?)created["status"]);
        Assert.Equal("Active", (string?)created["statusDisplayName"]);
        Assert.Equal("2026-01-01", (string?)created["validityStart"]);
        Assert.Equal("2027-12-31", (string?)created["validityEnd"]);
        // The token's user, not the body's createdBy.
        Assert.Equal(Identity.SuperAdmin, (string?)created["createdBy"]);
        Assert.Equal(Identity.SuperAdmin, (string?)created["updatedBy"]);
        Assert.Equal(1, (int?)created["version"]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", (string?)created["createdAt"]);
    }

    [Fact]
    public async Task Create_MinimalBody_DefaultsCurrencyAndBillingPeriodAndNullsTheRest()
    {
        var created = await _http.CreateProductAsync(new JsonObject
        {
            ["productCode"] = "ADD-" + Guid.NewGuid().ToString("N")[..8],
            ["name"] = "Roaming pack",
            ["productType"] = "addon",
            ["category"] = "MOBILE",
            ["price"] = 0,
            ["description"] = "",
        });

        Assert.Equal("ADDON", (string?)created["productType"]);
        Assert.Equal("PLN", (string?)created["currency"]);
        Assert.Equal("MONTHLY", (string?)created["billingPeriod"]);
        created.AssertAbsent("description", "validityStart");
        Assert.Equal(Identity.SuperAdmin, (string?)created["createdBy"]);
    }

    [Fact]
    public async Task Create_InvalidFields_Returns400NamingEachField()
    {
        var body = CatalogApi.NewProduct();
        body["productCode"] = "AB";
        body["name"] = "";
        body["price"] = 10.999m;
        body["currency"] = "zloty";
        body["validityStart"] = "2027-01-01";
        body["validityEnd"] = "2026-01-01";

        using var response = await _http.SendJsonAsync(HttpMethod.Post, CatalogApi.Products, body);
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        Assert.Equal(["must be between 3 and 50 characters"], problem.FieldErrors("productCode"));
        Assert.Equal(["is required"], problem.FieldErrors("name"));
        Assert.Equal(["must have at most 2 decimal places"], problem.FieldErrors("price"));
        Assert.NotEmpty(problem.FieldErrors("currency"));
        Assert.NotEmpty(problem.FieldErrors("validityEnd"));
    }

    [Fact]
    public async Task Create_WithoutTaxRateOrAllowances_Takes23PercentAndNone()
    {
        var created = await _http.CreateProductAsync();

        Assert.Equal(0.23m, (decimal?)created["taxRate"]);
        Assert.Empty(created["usageAllowances"]!.AsArray());
    }

    [Fact]
    public async Task Create_TaxRateAndAllowances_Returns201WithDisplayNamesAndUnits()
    {
        var body = CatalogApi.NewProduct();
        body["taxRate"] = 0.08m;
        body["usageAllowances"] = new JsonArray(
            Allowance("DATA", 51200m, 0.01m),
            Allowance("voice", 300m, 0.25m),
            Allowance("SMS", 0m, 0.2m));

        var created = await _http.CreateProductAsync(body);
        var read = await cluster.Silo2.Http.GetJsonAsync(PathOf(created));

        Assert.Equal(0.08m, (decimal?)read["taxRate"]);
        var allowances = read["usageAllowances"]!.AsArray();
        Assert.Equal(["DATA", "VOICE", "SMS"], allowances.Select(a => (string)a!["usageType"]!));
        Assert.Equal(["Data", "Voice", "SMS"], allowances.Select(a => (string)a!["usageTypeDisplayName"]!));
        Assert.Equal(["MB", "min", "SMS"], allowances.Select(a => (string)a!["unit"]!));
        Assert.Equal(51200m, (decimal?)allowances[0]!["included"]);
        Assert.Equal(0.25m, (decimal?)allowances[1]!["unitPrice"]);
    }

    [Fact]
    public async Task Create_BadTaxRateAndAllowances_Returns400NamingEachEntry()
    {
        var body = CatalogApi.NewProduct();
        body["taxRate"] = 0.23456m;
        body["usageAllowances"] = new JsonArray(
            Allowance("DATA", -1m, 0.01m),
            Allowance("DATA", 10m, 0.001m));

        using var response = await _http.SendJsonAsync(HttpMethod.Post, CatalogApi.Products, body);
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        Assert.Equal(["must have at most 4 decimals"], problem.FieldErrors("taxRate"));
        Assert.Equal(["must be at least 0"], problem.FieldErrors("usageAllowances[0].included"));
        Assert.Equal(["DATA appears more than once"], problem.FieldErrors("usageAllowances[1].usageType"));
        Assert.Equal(["must have at most 2 decimal places"], problem.FieldErrors("usageAllowances[1].unitPrice"));
    }

    [Fact]
    public async Task Create_TaxRateAboveOneOrElevenAllowances_Returns400()
    {
        var body = CatalogApi.NewProduct();
        body["taxRate"] = 23;
        body["usageAllowances"] = new JsonArray(Enumerable.Range(0, 11).Select(_ => (JsonNode)Allowance("SMS", 1m, 1m)).ToArray());

        using var response = await _http.SendJsonAsync(HttpMethod.Post, CatalogApi.Products, body);
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        Assert.NotEmpty(problem.FieldErrors("taxRate"));
        Assert.Equal(["must have at most 10 entries"], problem.FieldErrors("usageAllowances"));
    }

    [Fact]
    public async Task Create_AllowanceWithUnknownTypeOrMissingFields_Returns400NamingThem()
    {
        var body = CatalogApi.NewProduct();
        body["usageAllowances"] = new JsonArray(
            Allowance("FAX", 1m, 1m),
            new JsonObject { ["included"] = 5 },
            null);

        using var response = await _http.SendJsonAsync(HttpMethod.Post, CatalogApi.Products, body);
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        Assert.Equal(["must be one of DATA, VOICE, SMS"], problem.FieldErrors("usageAllowances[0].usageType"));
        Assert.Equal(["is required"], problem.FieldErrors("usageAllowances[1].usageType"));
        Assert.Equal(["is required"], problem.FieldErrors("usageAllowances[1].unitPrice"));
        Assert.NotEmpty(problem.FieldErrors("usageAllowances[2]"));
    }

    [Fact]
    public async Task Update_AllowancesWhenSentAndKeptWhenAbsent()
    {
        var body = CatalogApi.NewProduct();
        body["taxRate"] = 0.05m;
        body["usageAllowances"] = new JsonArray(Allowance("VOICE", 300m, 0.25m));
        var created = await _http.CreateProductAsync(body);
        var keep = CatalogApi.NewProduct();
        keep["version"] = 1;
        var replace = CatalogApi.NewProduct();
        replace["taxRate"] = 0.23m;
        replace["usageAllowances"] = new JsonArray(Allowance("DATA", 1024m, 0.05m));
        replace["version"] = 2;

        using var kept = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), keep);
        var afterKeep = await kept.ExpectJsonAsync(HttpStatusCode.OK);
        using var replaced = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), replace);
        var afterReplace = await replaced.ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(0.05m, (decimal?)afterKeep["taxRate"]);
        Assert.Equal("VOICE", (string?)afterKeep["usageAllowances"]![0]!["usageType"]);
        Assert.Equal(0.23m, (decimal?)afterReplace["taxRate"]);
        Assert.Equal(["DATA"], afterReplace["usageAllowances"]!.AsArray().Select(a => (string)a!["usageType"]!));
    }

    private static JsonObject Allowance(string usageType, decimal included, decimal unitPrice) => new()
    {
        ["usageType"] = usageType,
        ["included"] = included,
        ["unitPrice"] = unitPrice,
    };

    [Fact]
    public async Task Create_UnknownEnumCodes_Returns400ListingTheAllowedOnes()
    {
        var body = CatalogApi.NewProduct();
        body["productType"] = "GADGET";
        body["category"] = "RADIO";
        body["billingPeriod"] = "WEEKLY";

        using var response = await _http.SendJsonAsync(HttpMethod.Post, CatalogApi.Products, body);
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        Assert.Equal(["must be one of SERVICE, TARIFF, BUNDLE, ADDON"], problem.FieldErrors("productType"));
        Assert.Equal(["must be one of MOBILE, BROADBAND, TV, CLOUD"], problem.FieldErrors("category"));
        Assert.Equal(["must be one of MONTHLY, QUARTERLY, YEARLY, ONE_TIME"], problem.FieldErrors("billingPeriod"));
    }

    [Fact]
    public async Task Create_MalformedDate_Returns400NamingTheField()
    {
        var body = CatalogApi.NewProduct();
        body["validityStart"] = "01/02/2026";

        using var response = await _http.SendJsonAsync(HttpMethod.Post, CatalogApi.Products, body);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "MALFORMED_REQUEST");
        Assert.NotEmpty(problem.FieldErrors("validityStart"));
    }

    [Fact]
    public async Task Create_DuplicateProductCodeInOtherCase_Returns409NamingProductCode()
    {
        var first = CatalogApi.NewProduct();
        await _http.CreateProductAsync(first);
        var second = CatalogApi.NewProduct();
        second["productCode"] = first["productCode"]!.ToString().ToLowerInvariant();

        using var response = await _http.SendJsonAsync(HttpMethod.Post, CatalogApi.Products, second);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        Assert.Equal(["is already used by another product"], problem.FieldErrors("productCode"));
    }

    [Fact]
    public async Task Create_TenConcurrentRequestsWithOneProductCode_CreateExactlyOne()
    {
        var code = "RACE-" + Guid.NewGuid().ToString("N")[..10];

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
        {
            var body = CatalogApi.NewProduct();
            body["productCode"] = code;
            return (i % 2 == 0 ? cluster.Silo1 : cluster.Silo2).Http.SendJsonAsync(HttpMethod.Post, CatalogApi.Products, body);
        }));

        var created = 0;
        foreach (var response in responses)
        {
            if (response.StatusCode == HttpStatusCode.Created)
            {
                created++;
            }
            else
            {
                var problem = await response.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
                Assert.NotEmpty(problem.FieldErrors("productCode"));
            }

            response.Dispose();
        }

        Assert.Equal(1, created);
        var page = await _http.GetJsonAsync($"{CatalogApi.Products}?searchTerm={code}");
        Assert.Equal(1, (int?)page["totalElements"]);
    }

    [Fact]
    public async Task Create_CodeOfADeletedProduct_IsFreeAgain()
    {
        var first = await _http.CreateProductAsync();
        (await _http.DeleteAsync(PathOf(first))).Dispose();
        var again = CatalogApi.NewProduct();
        again["productCode"] = first["productCode"]!.ToString();

        var created = await _http.CreateProductAsync(again);

        Assert.Equal((string?)first["productCode"], (string?)created["productCode"]);
    }

    [Fact]
    public async Task Create_SameIdempotencyKeyAndBody_ReplaysThroughTheAlias()
    {
        var body = CatalogApi.NewProduct();
        var key = Guid.NewGuid().ToString();

        using var first = await _http.SendJsonAsync(HttpMethod.Post, CatalogApi.Products, body, r => r.Headers.Add("Idempotency-Key", key));
        using var again = await cluster.Silo2.Http.SendJsonAsync(HttpMethod.Post, CatalogApi.Products, body, r => r.Headers.Add("Idempotency-Key", key));

        var created = await first.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal(created.ToJsonString(), (await again.ExpectJsonAsync(HttpStatusCode.Created)).ToJsonString());
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task Create_SameIdempotencyKeyOtherBody_Returns422()
    {
        var key = Guid.NewGuid().ToString();
        using var first = await _http.SendJsonAsync(HttpMethod.Post, CatalogApi.Products, CatalogApi.NewProduct(), r => r.Headers.Add("Idempotency-Key", key));
        await first.ExpectJsonAsync(HttpStatusCode.Created);

        using var second = await _http.SendJsonAsync(HttpMethod.Post, CatalogApi.Products, CatalogApi.NewProduct(), r => r.Headers.Add("Idempotency-Key", key));

        await second.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED");
    }

    [Fact]
    public async Task Alias_EveryRoute_AnswersLikeTheVersionedOne()
    {
        using var post = await _http.SendJsonAsync(HttpMethod.Post, "/api/products", CatalogApi.NewProduct());
        var created = await post.ExpectJsonAsync(HttpStatusCode.Created);
        var alias = $"/api/products/{created["id"]}";

        Assert.Equal(created.ToJsonString(), (await _http.GetJsonAsync(alias)).ToJsonString());
        Assert.Contains((string)created["id"]!, (await _http.GetJsonAsync($"/api/products?searchTerm={created["productCode"]}")).Ids());
        Assert.True((long?)(await _http.GetJsonAsync("/api/products/stats"))["total"] >= 1);
        var update = CatalogApi.NewProduct();
        update["version"] = 1;
        using var put = await _http.SendJsonAsync(HttpMethod.Put, alias, update);
        Assert.Equal(2, (int?)(await put.ExpectJsonAsync(HttpStatusCode.OK))["version"]);
        Assert.Equal("INACTIVE", (string?)(await _http.PutStatusAsync(alias, "INACTIVE"))["status"]);
        using var delete = await _http.DeleteAsync($"{alias}?version=3");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
    }

    [Fact]
    public async Task Get_UnknownId_Returns404AndMalformedId400()
    {
        using var unknown = await _http.GetAsync($"{CatalogApi.Products}/{Guid.NewGuid()}");
        using var malformed = await _http.GetAsync($"{CatalogApi.Products}/nope");

        await unknown.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(["must be a UUID"], (await malformed.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("id"));
    }

    [Fact]
    public async Task Update_WithCurrentVersion_Returns200AndRecordsUpdatedBy()
    {
        var created = await _http.CreateProductAsync();
        var update = CatalogApi.NewProduct();
        update["id"] = created["id"]!.ToString();
        update["price"] = 59m;
        update["updatedBy"] = "pricing";
        update["version"] = 1;

        using var response = await cluster.Silo2.Http.SendJsonAsync(HttpMethod.Put, PathOf(created), update);

        var updated = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(59m, (decimal?)updated["price"]);
        Assert.Equal(Identity.SuperAdmin, (string?)updated["updatedBy"]);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Update_StaleVersionInBody_Returns409()
    {
        var created = await _http.CreateProductAsync();
        var update = CatalogApi.NewProduct();
        update["version"] = 1;
        (await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), update)).Dispose();

        using var stale = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), update);

        await stale.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
    }

    [Fact]
    public async Task Update_StaleIfMatch_Returns412()
    {
        var created = await _http.CreateProductAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), CatalogApi.NewProduct(), r => r.IfMatch("\"4\""));

        await response.ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
    }

    [Fact]
    public async Task Update_WithoutVersion_Returns400NamingVersion()
    {
        var created = await _http.CreateProductAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), CatalogApi.NewProduct());

        Assert.NotEmpty((await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("version"));
    }

    [Fact]
    public async Task Update_ToAnotherProductsCode_Returns409NamingProductCode()
    {
        var taken = await _http.CreateProductAsync();
        var created = await _http.CreateProductAsync();
        var update = CatalogApi.NewProduct();
        update["productCode"] = taken["productCode"]!.ToString();
        update["version"] = 1;

        using var response = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), update);

        Assert.NotEmpty((await response.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT")).FieldErrors("productCode"));
        Assert.Equal(1, (int?)(await _http.GetJsonAsync(PathOf(created)))["version"]);
    }

    [Fact]
    public async Task Update_DeprecatedProduct_Returns409()
    {
        var created = await _http.CreateProductAsync();
        await _http.PutStatusAsync(PathOf(created), "DEPRECATED");
        var update = CatalogApi.NewProduct();
        update["version"] = 2;

        using var response = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), update);

        await response.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
    }

    [Fact]
    public async Task Update_UnknownProduct_Returns404()
    {
        var update = CatalogApi.NewProduct();
        update["version"] = 1;

        using var response = await _http.SendJsonAsync(HttpMethod.Put, $"{CatalogApi.Products}/{Guid.NewGuid()}", update);

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task ChangeStatus_ActiveInactiveActiveDeprecated_FollowsTheMachine()
    {
        var created = await _http.CreateProductAsync();

        await _http.PutStatusAsync(PathOf(created), "INACTIVE");
        await _http.PutStatusAsync(PathOf(created), "ACTIVE");
        var deprecated = await _http.PutStatusAsync(PathOf(created), "DEPRECATED");

        Assert.Equal("Deprecated", (string?)deprecated["statusDisplayName"]);
        Assert.Equal(4, (int?)deprecated["version"]);
    }

    [Fact]
    public async Task ChangeStatus_FromDeprecated_Returns409InvalidTransition()
    {
        var created = await _http.CreateProductAsync();
        await _http.PutStatusAsync(PathOf(created), "DEPRECATED");

        using var response = await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/status", new JsonObject { ["status"] = "ACTIVE" });

        var problem = await response.ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        Assert.Contains("DEPRECATED is final", (string?)problem["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangeStatus_UnknownStatus_Returns400()
    {
        var created = await _http.CreateProductAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/status", new JsonObject { ["status"] = "RETIRED" });

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.Equal(["must be one of ACTIVE, INACTIVE, DEPRECATED"], problem.FieldErrors("status"));
    }

    [Fact]
    public async Task ChangeStatus_StaleVersionInBody_Returns409AndStaleIfMatch412()
    {
        var created = await _http.CreateProductAsync();

        using var body = await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/status", new JsonObject { ["status"] = "INACTIVE", ["version"] = 5 });
        using var header = await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/status", new JsonObject { ["status"] = "INACTIVE" }, r => r.IfMatch("\"5\""));

        await body.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        await header.ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
    }

    [Fact]
    public async Task ChangeStatus_UnknownProduct_Returns404()
    {
        using var response = await _http.SendJsonAsync(HttpMethod.Put, $"{CatalogApi.Products}/{Guid.NewGuid()}/status", new JsonObject { ["status"] = "INACTIVE" });

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Delete_WithVersion_Returns204AndLeavesTheList()
    {
        var created = await _http.CreateProductAsync();

        using var deleted = await _http.DeleteAsync($"{PathOf(created)}?version=1");
        using var read = await cluster.Silo2.Http.GetAsync(PathOf(created));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await read.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(0, (int?)(await _http.GetJsonAsync($"{CatalogApi.Products}?searchTerm={created["productCode"]}"))["totalElements"]);
    }

    [Fact]
    public async Task Delete_StaleVersion_Returns409StaleIfMatch412Unknown404()
    {
        var created = await _http.CreateProductAsync();

        using var stale = await _http.DeleteAsync($"{PathOf(created)}?version=2");
        using var ifMatch = await _http.SendJsonAsync(HttpMethod.Delete, PathOf(created), null, r => r.IfMatch("\"2\""));
        using var unknown = await _http.DeleteAsync($"{CatalogApi.Products}/{Guid.NewGuid()}");

        await stale.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        await ifMatch.ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
        await unknown.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task List_Filters_ByStatusTypeCategoryAndSearchOverCodeNameDescription()
    {
        var marker = "F" + Guid.NewGuid().ToString("N")[..10];
        var tariff = await _http.CreateProductAsync(CatalogApi.NewProduct(marker));
        var addonBody = CatalogApi.NewProduct(marker);
        addonBody["productType"] = "ADDON";
        addonBody["category"] = "CLOUD";
        addonBody["name"] = "Backup";
        addonBody["description"] = $"Cloud backup {marker}-desc";
        var addon = await _http.CreateProductAsync(addonBody);
        await _http.PutStatusAsync($"{CatalogApi.Products}/{addon["id"]}", "INACTIVE");

        Assert.Equal(2, (int?)(await List($"searchTerm={marker}"))["totalElements"]);
        Assert.Equal([(string)addon["id"]!], (await List($"searchTerm={marker}&status=INACTIVE")).Ids());
        Assert.Equal([(string)addon["id"]!], (await List($"searchTerm={marker}&type=ADDON")).Ids());
        Assert.Equal([(string)tariff["id"]!], (await List($"searchTerm={marker}&category=mobile")).Ids());
        Assert.Equal([(string)addon["id"]!], (await List($"searchTerm={marker}-DESC")).Ids());
        Assert.Equal([(string)tariff["id"]!], (await List($"searchTerm={tariff["productCode"]}")).Ids());
    }

    [Fact]
    public async Task List_SortByPriceAndPaging_Orders()
    {
        var marker = "O" + Guid.NewGuid().ToString("N")[..10];
        foreach (var price in new[] { 30m, 10m, 20m })
        {
            var body = CatalogApi.NewProduct(marker);
            body["price"] = price;
            await _http.CreateProductAsync(body);
        }

        var first = await List($"searchTerm={marker}&sort=price,asc&size=2");
        var second = await List($"searchTerm={marker}&sort=price,asc&size=2&page=1");

        Assert.Equal([10m, 20m], first["content"]!.AsArray().Select(p => (decimal)p!["price"]!));
        Assert.Equal([30m], second["content"]!.AsArray().Select(p => (decimal)p!["price"]!));
        Assert.Equal(2, (int?)first["totalPages"]);
        Assert.True((bool?)second["last"]);
    }

    [Theory]
    [InlineData("status=GONE", "status")]
    [InlineData("type=PHONE", "type")]
    [InlineData("category=RADIO", "category")]
    [InlineData("sort=secret,asc", "sort")]
    [InlineData("size=500", "size")]
    public async Task List_BadQuery_Returns400NamingTheParameter(string query, string field)
    {
        using var response = await _http.GetAsync($"{CatalogApi.Products}?{query}");

        Assert.NotEmpty((await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors(field));
    }

    [Fact]
    public async Task Stats_CountEveryStatus_AndFollowAStatusChange()
    {
        var created = await _http.CreateProductAsync();
        var before = await _http.GetJsonAsync($"{CatalogApi.Products}/stats");
        await _http.PutStatusAsync(PathOf(created), "DEPRECATED");

        var after = await _http.GetJsonAsync($"{CatalogApi.Products}/stats");

        Assert.Equal(["ACTIVE", "INACTIVE", "DEPRECATED"], after["byStatus"]!.AsObject().Select(p => p.Key));
        Assert.Equal((long)before["total"]!, (long)after["total"]!);
        Assert.Equal((long)before["byStatus"]!["DEPRECATED"]! + 1, (long)after["byStatus"]!["DEPRECATED"]!);
    }

    private Task<JsonObject> List(string query) => _http.GetJsonAsync($"{CatalogApi.Products}?{query}");
}
