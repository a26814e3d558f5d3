using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests;

/// <summary>Every service-definition route, its alias and every error status, over HTTP on real silos and storage.</summary>
[Collection(ApiCluster.Name)]
public class ServiceApiTests(ApiClusterFixture cluster)
{
    public const string Services = "/api/v1/services";
    public const string Alias = "/api/services";

    private readonly HttpClient _http = cluster.Http;

    /// <summary>A valid service with a unique code (the code doubles as a search marker).</summary>
    public static JsonObject NewService(string? code = null) => new()
    {
        ["name"] = "Fiber 1G",
        ["code"] = code ?? "S" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant(),
        ["description"] = "Symmetric fiber",
        ["type"] = "INTERNET",
        ["category"] = "BROADBAND",
        ["technology"] = "FIBER",
        ["price"] = 99.99m,
        ["billingCycle"] = "MONTHLY",
        ["speed"] = "1 Gbps",
        ["dataLimit"] = "Unlimited",
        ["requiredCoverageNodes"] = new JsonArray("WAW-01", "WAW-02"),
        ["features"] = new JsonArray("static IP", "IPv6"),
        ["slaUptime"] = 99.9m,
        ["supportLevel"] = "PREMIUM",
    };

    public static async Task<JsonObject> CreateServiceAsync(HttpClient http, JsonObject? body = null)
    {
        using var response = await http.SendJsonAsync(HttpMethod.Post, Services, body ?? NewService());
        return await response.ExpectJsonAsync(HttpStatusCode.Created);
    }

    private static string PathOf(JsonObject service) => $"{Services}/{service["id"]}";

    [Fact]
    public async Task Create_ValidService_Returns201WithEveryContractField()
    {
        var body = NewService();

        using var response = await _http.SendJsonAsync(HttpMethod.Post, Services, body);
        var created = await response.ExpectJsonAsync(HttpStatusCode.Created);

        Assert.Equal($"{Services}/{created["id"]}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal((string?)body["code"], (string?)created["code"]);
        Assert.Equal("INTERNET", (string?)created["type"]);
        Assert.Equal("Internet", (string?)created["typeDisplayName"]);
        Assert.Equal("Broadband", (string?)created["categoryDisplayName"]);
        Assert.Equal("ACTIVE", (string?)created["status"]);
        Assert.Equal("Active", (string?)created["statusDisplayName"]);
        Assert.Equal("Fiber", (string?)created["technologyDisplayName"]);
        Assert.Equal("Monthly", (string?)created["billingCycleDisplayName"]);
        Assert.Equal("Premium", (string?)created["supportLevelDisplayName"]);
        Assert.Equal(99.99m, (decimal?)created["price"]);
        Assert.Equal("PLN", (string?)created["currency"]);
        Assert.Equal(2, (int?)created["coverageNodeCount"]);
        Assert.Equal(2, created["features"]!.AsArray().Count);
        Assert.Equal(0, (int?)created["activeCustomerCount"]);
        created.AssertAbsent("maxCustomerCount", "voiceMinutes");
        Assert.Equal(1, (int?)created["version"]);
    }

    [Fact]
    public async Task Create_OddContractCodes_RoundTripAndFilter()
    {
        var body = NewService();
        body["type"] = "IoT";
        body["category"] = "EMERGING";
        body["technology"] = "5G";

        var created = await CreateServiceAsync(_http, body);
        var list = await ListAsync($"type=IoT&technology=5G&searchTerm={body["code"]}");

        Assert.Equal("IoT", (string?)created["type"]);
        Assert.Equal("IoT", (string?)created["typeDisplayName"]);
        Assert.Equal("5G", (string?)created["technology"]);
        Assert.Equal(1, (int?)list["totalElements"]);
        Assert.Equal("5G", (string?)list["content"]![0]!["technology"]);
    }

    [Fact]
    public async Task Create_InvalidFields_Returns400NamingEachField()
    {
        var body = NewService("lower case");
        body["name"] = "";
        body["type"] = "TELEPATHY";
        body["price"] = 1_000_000;
        body["features"] = new JsonArray(Enumerable.Range(0, 51).Select(i => (JsonNode)$"f{i}").ToArray());

        using var response = await _http.SendJsonAsync(HttpMethod.Post, Services, body);
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        Assert.Contains("IoT", problem.FieldErrors("type").Single(), StringComparison.Ordinal);
        Assert.NotEmpty(problem.FieldErrors("code"));
        Assert.NotEmpty(problem.FieldErrors("name"));
        Assert.NotEmpty(problem.FieldErrors("price"));
        Assert.NotEmpty(problem.FieldErrors("features"));
        Assert.Empty(problem.FieldErrors("category"));
    }

    [Fact]
    public async Task Create_DuplicateCode_Returns409NamingCode()
    {
        var body = NewService();
        await CreateServiceAsync(_http, body);

        using var response = await _http.SendJsonAsync(HttpMethod.Post, Services, body);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        Assert.NotEmpty(problem.FieldErrors("code"));
    }

    [Fact]
    public async Task Create_ConcurrentSameCode_CreatesOne()
    {
        var code = NewService()["code"]!.ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            (i % 2 == 0 ? cluster.Silo1 : cluster.Silo2).Http.SendJsonAsync(HttpMethod.Post, Services, NewService(code))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(1, (int?)(await ListAsync($"searchTerm={code}"))["totalElements"]);
    }

    [Fact]
    public async Task Create_SameIdempotencyKeyAndBody_ReplaysTheFirstResponse()
    {
        var body = NewService();
        var key = Guid.NewGuid().ToString();

        using var first = await _http.SendJsonAsync(HttpMethod.Post, Alias, body, r => r.Headers.Add("Idempotency-Key", key));
        using var again = await cluster.Silo2.Http.SendJsonAsync(HttpMethod.Post, Alias, body, r => r.Headers.Add("Idempotency-Key", key));

        var created = await first.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal(created.ToJsonString(), (await again.ExpectJsonAsync(HttpStatusCode.Created)).ToJsonString());
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task Create_SameIdempotencyKeyOtherBody_Returns422()
    {
        var key = Guid.NewGuid().ToString();
        using var first = await _http.SendJsonAsync(HttpMethod.Post, Services, NewService(), r => r.Headers.Add("Idempotency-Key", key));
        await first.ExpectJsonAsync(HttpStatusCode.Created);

        using var second = await _http.SendJsonAsync(HttpMethod.Post, Services, NewService(), r => r.Headers.Add("Idempotency-Key", key));

        await second.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED");
    }

    [Fact]
    public async Task Get_ThroughAliasAndOtherSilo_ReturnsTheSameService()
    {
        var created = await CreateServiceAsync(_http);

        using var response = await cluster.Silo2.Http.GetAsync($"{Alias}/{created["id"]}");

        Assert.Equal(created.ToJsonString(), (await response.ExpectJsonAsync(HttpStatusCode.OK)).ToJsonString());
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Get_UnknownId_Returns404()
    {
        using var response = await _http.GetAsync($"{Services}/{Guid.NewGuid()}");

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Get_MalformedId_Returns400NamingId()
    {
        using var response = await _http.GetAsync($"{Services}/nope");

        Assert.NotEmpty((await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("id"));
    }

    [Fact]
    public async Task List_FiltersSortsAndPages()
    {
        var marker = "L" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        foreach (var (suffix, price, category) in new[] { ("A", 10m, "BROADBAND"), ("B", 30m, "VIDEO"), ("C", 20m, "BROADBAND") })
        {
            var body = NewService(marker + suffix);
            body["price"] = price;
            body["category"] = category;
            await CreateServiceAsync(_http, body);
        }

        var page = await ListAsync($"searchTerm={marker}&sort=price,desc&size=2");
        var broadband = await ListAsync($"searchTerm={marker}&category=BROADBAND&sort=code");
        var last = await ListAsync($"searchTerm={marker}&sort=price,desc&size=2&page=1");

        Assert.Equal(3, (int?)page["totalElements"]);
        Assert.Equal(2, (int?)page["totalPages"]);
        Assert.Equal([30m, 20m], page["content"]!.AsArray().Select(s => (decimal)s!["price"]!));
        Assert.Equal([marker + "A", marker + "C"], broadband["content"]!.AsArray().Select(s => (string)s!["code"]!));
        Assert.True((bool?)last["last"]);
        Assert.Equal(10m, (decimal?)last["content"]![0]!["price"]);
    }

    [Fact]
    public async Task List_BadFilters_Returns400NamingEach()
    {
        using var response = await _http.GetAsync($"{Services}?type=NOPE&technology=6G&sort=colour&size=0");

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        foreach (var field in new[] { "type", "technology", "sort", "size" })
        {
            Assert.NotEmpty(problem.FieldErrors(field));
        }
    }

    [Fact]
    public async Task AliasList_ReturnsAPlainArrayOfServices()
    {
        var created = await CreateServiceAsync(_http);

        using var response = await _http.GetAsync(Alias);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var array = JsonNode.Parse(text)!.AsArray();
        Assert.Contains(array, s => (string?)s!["id"] == (string?)created["id"]);
        Assert.All(array, s => Assert.NotNull(s!["statusDisplayName"]));
    }

    [Fact]
    public async Task Update_WithCurrentVersion_Returns200AndNextVersion()
    {
        var created = await CreateServiceAsync(_http);
        var update = NewService((string?)created["code"]);
        update["id"] = created["id"]!.ToString();
        update["version"] = 1;
        update["name"] = "Fiber 2G";
        update["technology"] = "4G";

        using var response = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), update);

        var updated = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Fiber 2G", (string?)updated["name"]);
        Assert.Equal("4G", (string?)updated["technology"]);
        Assert.Equal(2, (int?)updated["version"]);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Update_StaleVersionInBody_Returns409()
    {
        var created = await CreateServiceAsync(_http);
        var update = NewService((string?)created["code"]);
        update["version"] = 1;
        (await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), update)).Dispose();

        using var stale = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), update);

        await stale.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
    }

    [Fact]
    public async Task Update_StaleIfMatch_Returns412()
    {
        var created = await CreateServiceAsync(_http);

        using var response = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), NewService((string?)created["code"]), r => r.IfMatch("\"4\""));

        await response.ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
    }

    [Fact]
    public async Task Update_WithoutVersion_Returns400NamingVersion()
    {
        var created = await CreateServiceAsync(_http);

        using var response = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), NewService((string?)created["code"]));

        Assert.NotEmpty((await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("version"));
    }

    [Fact]
    public async Task Update_CodeOfAnotherService_Returns409NamingCode()
    {
        var other = await CreateServiceAsync(_http);
        var created = await CreateServiceAsync(_http);
        var update = NewService((string?)other["code"]);
        update["version"] = 1;

        using var response = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), update);

        Assert.NotEmpty((await response.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT")).FieldErrors("code"));
        using var read = await _http.GetAsync(PathOf(created));
        Assert.Equal((string?)created["code"], (string?)(await read.ExpectJsonAsync(HttpStatusCode.OK))["code"]);
    }

    [Fact]
    public async Task Update_UnknownService_Returns404()
    {
        var update = NewService();
        update["version"] = 1;

        using var response = await _http.SendJsonAsync(HttpMethod.Put, $"{Services}/{Guid.NewGuid()}", update);

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task ChangeStatus_PlannedToActive_Returns200WithDisplayName()
    {
        var body = NewService();
        body["status"] = "PLANNED";
        var created = await CreateServiceAsync(_http, body);

        using var response = await _http.SendJsonAsync(HttpMethod.Put, $"{Alias}/{created["id"]}/status", new JsonObject { ["status"] = "ACTIVE" });

        Assert.Equal("PLANNED", (string?)created["status"]);
        var active = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("ACTIVE", (string?)active["status"]);
        Assert.Equal(2, (int?)active["version"]);
    }

    [Fact]
    public async Task ChangeStatus_FromDeprecated_Returns409InvalidTransition()
    {
        var created = await CreateServiceAsync(_http);
        (await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/status", new JsonObject { ["status"] = "DEPRECATED" })).Dispose();

        using var response = await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/status", new JsonObject { ["status"] = "ACTIVE" });

        Assert.Contains("DEPRECATED", (string?)(await response.ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION"))["message"],
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangeStatus_UnknownStatus_Returns400()
    {
        var created = await CreateServiceAsync(_http);

        using var response = await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/status", new JsonObject { ["status"] = "RETIRED" });

        Assert.NotEmpty((await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("status"));
    }

    [Fact]
    public async Task ChangeStatus_StaleIfMatch_Returns412()
    {
        var created = await CreateServiceAsync(_http);

        using var response = await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/status",
            new JsonObject { ["status"] = "INACTIVE" }, r => r.IfMatch("\"3\""));

        await response.ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
    }

    [Fact]
    public async Task Delete_Existing_Returns204AndFreesTheCode()
    {
        var created = await CreateServiceAsync(_http);

        using var deleted = await _http.DeleteAsync($"{PathOf(created)}?version=1");
        using var read = await cluster.Silo2.Http.GetAsync(PathOf(created));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await read.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await CreateServiceAsync(_http, NewService((string?)created["code"]));
    }

    [Fact]
    public async Task Delete_StaleVersion_Returns409()
    {
        var created = await CreateServiceAsync(_http);

        using var response = await _http.DeleteAsync($"{PathOf(created)}?version=2");

        await response.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
    }

    [Fact]
    public async Task Delete_StaleIfMatch_Returns412()
    {
        var created = await CreateServiceAsync(_http);

        using var response = await _http.SendJsonAsync(HttpMethod.Delete, PathOf(created), null, r => r.IfMatch("\"2\""));

        await response.ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
    }

    [Fact]
    public async Task Delete_UnknownService_Returns404()
    {
        using var response = await _http.DeleteAsync($"{Alias}/{Guid.NewGuid()}");

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Stats_CountEveryStatus()
    {
        var before = await GetJsonAsync($"{Services}/stats");
        var body = NewService();
        body["status"] = "PLANNED";
        await CreateServiceAsync(_http, body);

        var after = await GetJsonAsync($"{Alias}/stats");

        Assert.Equal((long)before["byStatus"]!["PLANNED"]! + 1, (long)after["byStatus"]!["PLANNED"]!);
        Assert.Equal((long)before["total"]! + 1, (long)after["total"]!);
        Assert.Equal(5, after["byStatus"]!.AsObject().Count);
    }

    [Fact]
    public async Task Statistics_HaveTheContractShapeAndCountNewServices()
    {
        var before = await GetJsonAsync($"{Services}/statistics");
        var body = NewService();
        body["type"] = "IoT";
        body["technology"] = "4G";
        body["category"] = "EMERGING";
        body["status"] = "INACTIVE";
        await CreateServiceAsync(_http, body);

        var after = await GetJsonAsync($"{Alias}/statistics");

        foreach (var field in new[] { "totalServices", "activeServices", "inactiveServices", "plannedServices", "averagePrice",
                     "totalRevenue", "categoryBreakdown", "typeBreakdown", "technologyBreakdown", "mostPopularService", "topRevenueService" })
        {
            Assert.True(after.ContainsKey(field), field);
        }

        Assert.Equal(Count(before, "totalServices") + 1, Count(after, "totalServices"));
        Assert.Equal(Count(before, "inactiveServices") + 1, Count(after, "inactiveServices"));
        Assert.Equal(Count(before["typeBreakdown"], "IoT") + 1, Count(after["typeBreakdown"], "IoT"));
        Assert.Equal(Count(before["technologyBreakdown"], "4G") + 1, Count(after["technologyBreakdown"], "4G"));
        Assert.Equal(Count(before["categoryBreakdown"], "EMERGING") + 1, Count(after["categoryBreakdown"], "EMERGING"));
        Assert.True((decimal)after["averagePrice"]! > 0);
    }

    private static long Count(JsonNode? node, string field) => (long?)node?[field] ?? 0;

    private async Task<JsonObject> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        return await response.ExpectJsonAsync(HttpStatusCode.OK);
    }

    private Task<JsonObject> ListAsync(string query) => GetJsonAsync($"{Services}?{query}");
}
