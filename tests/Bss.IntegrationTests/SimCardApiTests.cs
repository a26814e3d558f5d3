using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests;

/// <summary>Every SIM card route (canonical and /api alias) and every error status, through HTTP on real silos and storage.</summary>
[Collection(ApiCluster.Name)]
public class SimCardApiTests(ApiClusterFixture cluster)
{
    public const string Sims = "/api/v1/assets/sim-cards";
    public const string SimsAlias = "/api/assets/sim-cards";

    private readonly HttpClient _http = cluster.Http;

    private static string Digits(int count) =>
        string.Concat(Enumerable.Range(0, count).Select(_ => Random.Shared.Next(10).ToString(CultureInfo.InvariantCulture)));

    /// <summary>A valid SIM card with fresh identifiers (a search by its ICCID finds exactly it).</summary>
    public static JsonObject NewSim() => new()
    {
        ["iccid"] = "8948" + Digits(15),
        ["msisdn"] = "+48" + Digits(9),
        ["imsi"] = "260" + Digits(12),
        ["networkOperator"] = "Orange",
        ["apn"] = "internet",
        ["activationDate"] = "2026-01-01",
        ["expiryDate"] = "2030-01-01",
        ["dataLimitMb"] = 10240,
        ["dataUsedMb"] = 512,
        ["voiceLimitMinutes"] = 300,
        ["voiceUsedMinutes"] = 20,
        ["smsLimit"] = 100,
        ["smsUsed"] = 5,
        ["lastUsageDate"] = "2026-11-20",
    };

    private static string PathOf(JsonObject sim) => $"{Sims}/{sim["id"]}";

    private async Task<JsonObject> CreateAsync(JsonObject? body = null)
    {
        using var response = await _http.SendJsonAsync(HttpMethod.Post, Sims, body ?? NewSim());
        return await response.ExpectJsonAsync(HttpStatusCode.Created);
    }

    private async Task<string> ActiveCustomerIdAsync() => (string)(await _http.CreateCustomerAsync())["id"]!;

    private Task<HttpResponseMessage> AssignAsync(JsonObject sim, string customerId, HttpClient? via = null) =>
        (via ?? _http).SendJsonAsync(HttpMethod.Post, $"{PathOf(sim)}/assign", new JsonObject { ["customerId"] = customerId });

    private async Task<JsonObject> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        return await response.ExpectJsonAsync(HttpStatusCode.OK);
    }

    private static List<string> Ids(JsonObject page) => page["content"]!.AsArray().Select(a => (string)a!["id"]!).ToList();

    [Fact]
    public async Task Create_ValidSim_Returns201WithEveryContractField()
    {
        var body = NewSim();

        using var response = await _http.SendJsonAsync(HttpMethod.Post, Sims, body);
        var created = await response.ExpectJsonAsync(HttpStatusCode.Created);

        Assert.Equal($"{Sims}/{created["id"]}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal((string?)body["iccid"], (string?)created["iccid"]);
        Assert.Equal(((string)body["msisdn"]!)[1..], (string?)created["msisdn"]);
        Assert.Equal("AVAILABLE", (string?)created["status"]);
        Assert.Equal("Available", (string?)created["statusDisplayName"]);
        Assert.Equal(512, (long?)created["dataUsedMb"]);
        Assert.Equal("2030-01-01", (string?)created["expiryDate"]);
        foreach (var field in new[]
                 {
                     "id", "iccid", "msisdn", "imsi", "status", "networkOperator", "apn", "activationDate", "expiryDate",
                     "dataLimitMb", "dataUsedMb", "voiceLimitMinutes", "voiceUsedMinutes", "smsLimit", "smsUsed", "lastUsageDate",
                     "createdAt", "updatedAt", "version",
                 })
        {
            Assert.True(created.ContainsKey(field), $"missing {field}");
        }

        created.AssertAbsent("assignedToType", "assignedToTypeDisplayName", "assignedToId", "assignedToName", "assignedDate");
    }

    [Fact]
    public async Task Create_UnderAlias_IsReadableUnderBothPaths()
    {
        using var response = await _http.SendJsonAsync(HttpMethod.Post, SimsAlias, NewSim());
        var created = await response.ExpectJsonAsync(HttpStatusCode.Created);

        Assert.Equal(created.ToJsonString(), (await GetJsonAsync($"{SimsAlias}/{created["id"]}")).ToJsonString());
        Assert.Equal(created.ToJsonString(), (await GetJsonAsync(PathOf(created))).ToJsonString());
    }

    [Fact]
    public async Task Create_InvalidFields_Returns400NamingEachField()
    {
        var body = NewSim();
        body["iccid"] = "12345";
        body["msisdn"] = "phone";
        body["imsi"] = null;
        body["dataUsedMb"] = -5;

        using var response = await _http.SendJsonAsync(HttpMethod.Post, Sims, body);
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        Assert.Equal(["must be 19 or 20 digits"], problem.FieldErrors("iccid"));
        Assert.NotEmpty(problem.FieldErrors("msisdn"));
        Assert.Equal(["is required"], problem.FieldErrors("imsi"));
        Assert.Equal(["must not be negative"], problem.FieldErrors("dataUsedMb"));
    }

    [Theory]
    [InlineData("iccid")]
    [InlineData("msisdn")]
    [InlineData("imsi")]
    public async Task Create_IdentifierTaken_Returns409NamingIt(string field)
    {
        var first = await CreateAsync();
        var body = NewSim();
        body[field] = first[field]!.ToString();

        using var response = await _http.SendJsonAsync(HttpMethod.Post, Sims, body);

        Assert.NotEmpty((await response.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT")).FieldErrors(field));
    }

    [Fact]
    public async Task Create_SameIdempotencyKey_ReplaysAndOtherBodyIs422()
    {
        var body = NewSim();
        var key = Guid.NewGuid().ToString();

        using var first = await _http.SendJsonAsync(HttpMethod.Post, Sims, body, r => r.Headers.Add("Idempotency-Key", key));
        using var again = await cluster.Silo2.Http.SendJsonAsync(HttpMethod.Post, Sims, body, r => r.Headers.Add("Idempotency-Key", key));
        using var other = await _http.SendJsonAsync(HttpMethod.Post, Sims, NewSim(), r => r.Headers.Add("Idempotency-Key", key));

        Assert.Equal((await first.ExpectJsonAsync(HttpStatusCode.Created)).ToJsonString(), (await again.ExpectJsonAsync(HttpStatusCode.Created)).ToJsonString());
        await other.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED");
    }

    [Fact]
    public async Task Get_UnknownOrMalformedId_Returns404Or400()
    {
        using var unknown = await _http.GetAsync($"{Sims}/{Guid.NewGuid()}");
        using var malformed = await _http.GetAsync($"{SimsAlias}/nope");

        await unknown.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.NotEmpty((await malformed.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("id"));
    }

    [Fact]
    public async Task Update_UsageWithCurrentVersion_Returns200()
    {
        var created = await CreateAsync();
        var update = NewSim();
        update["iccid"] = created["iccid"]!.ToString();
        update["dataUsedMb"] = 20000;
        update["version"] = 1;

        using var response = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), update);

        var updated = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(20000, (long?)updated["dataUsedMb"]);
        Assert.Equal(2, (int?)updated["version"]);
    }

    [Fact]
    public async Task Update_StaleVersionOrIfMatchOrNone_Returns409Or412Or400()
    {
        var created = await CreateAsync();
        var update = NewSim();
        update["version"] = 5;

        using var staleBody = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), update);
        update.Remove("version");
        using var staleIfMatch = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), update, r => r.IfMatch("\"5\""));
        using var none = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), update);

        await staleBody.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        await staleIfMatch.ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
        Assert.NotEmpty((await none.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("version"));
    }

    [Fact]
    public async Task Update_UnknownSim_Returns404()
    {
        var update = NewSim();
        update["version"] = 1;

        using var response = await _http.SendJsonAsync(HttpMethod.Put, $"{Sims}/{Guid.NewGuid()}", update);

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task ChangeStatus_AllowedThenFinal_Returns200Then409InvalidTransition()
    {
        var created = await CreateAsync();

        using var testing = await _http.SendJsonAsync(HttpMethod.Put, $"{SimsAlias}/{created["id"]}/status", new JsonObject { ["status"] = "TESTING" });
        using var deactivated = await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/status", new JsonObject { ["status"] = "DEACTIVATED", ["version"] = 2 });
        using var revive = await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/status", new JsonObject { ["status"] = "AVAILABLE" });

        Assert.Equal("Testing", (string?)(await testing.ExpectJsonAsync(HttpStatusCode.OK))["statusDisplayName"]);
        Assert.Equal("DEACTIVATED", (string?)(await deactivated.ExpectJsonAsync(HttpStatusCode.OK))["status"]);
        Assert.Contains("DEACTIVATED is final", (string?)(await revive.ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION"))["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangeStatus_BadStatusStaleIfMatchUnknownSim_Return400And412And404()
    {
        var created = await CreateAsync();

        using var bad = await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/status", new JsonObject { ["status"] = "ACTIVE" });
        using var stale = await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/status", new JsonObject { ["status"] = "TESTING" }, r => r.IfMatch("\"9\""));
        using var unknown = await _http.SendJsonAsync(HttpMethod.Put, $"{Sims}/{Guid.NewGuid()}/status", new JsonObject { ["status"] = "TESTING" });

        Assert.Contains("ASSIGNED", (await bad.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("status").Single(), StringComparison.Ordinal);
        await stale.ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
        await unknown.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Assign_ActiveCustomer_Returns200AssignedWithTheCustomersName()
    {
        var customer = await _http.CreateCustomerAsync();
        var created = await CreateAsync();

        using var response = await AssignAsync(created, (string)customer["id"]!);

        var assigned = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("ASSIGNED", (string?)assigned["status"]);
        Assert.Equal("CUSTOMER", (string?)assigned["assignedToType"]);
        Assert.Equal((string?)customer["id"], (string?)assigned["assignedToId"]);
        Assert.Equal($"{customer["firstName"]} {customer["lastName"]}", (string?)assigned["assignedToName"]);
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), (string?)assigned["assignedDate"]);
    }

    [Fact]
    public async Task Assign_TenCustomersAtOnceAcrossSilos_ExactlyOneWins()
    {
        var created = await CreateAsync();
        var customers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => ActiveCustomerIdAsync()));

        var responses = await Task.WhenAll(customers.Select((c, i) => AssignAsync(created, c, (i % 2 == 0 ? cluster.Silo1 : cluster.Silo2).Http)));

        var winner = await Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK).ExpectJsonAsync(HttpStatusCode.OK);
        foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            var problem = await loser.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
            Assert.Contains((string)winner["assignedToId"]!, (string?)problem["message"], StringComparison.Ordinal);
        }

        Assert.Equal((string?)winner["assignedToId"], (string?)(await GetJsonAsync(PathOf(created)))["assignedToId"]);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Assign_UnknownCustomerOrUnknownSimOrNoCustomerId_Returns404Or404Or400()
    {
        var created = await CreateAsync();

        using var unknownCustomer = await AssignAsync(created, Guid.NewGuid().ToString());
        using var unknownSim = await _http.SendJsonAsync(HttpMethod.Post, $"{Sims}/{Guid.NewGuid()}/assign", new JsonObject { ["customerId"] = await ActiveCustomerIdAsync() });
        using var noCustomer = await _http.SendJsonAsync(HttpMethod.Post, $"{PathOf(created)}/assign", new JsonObject());

        Assert.Contains("Customer", (string?)(await unknownCustomer.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND"))["message"], StringComparison.Ordinal);
        Assert.Contains("SIM card", (string?)(await unknownSim.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND"))["message"], StringComparison.Ordinal);
        Assert.Equal(["is required"], (await noCustomer.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("customerId"));
    }

    [Fact]
    public async Task Assign_InactiveCustomer_Returns409()
    {
        var customerId = await ActiveCustomerIdAsync();
        (await _http.SendJsonAsync(HttpMethod.Put, $"{Api.Customers}/{customerId}/status", new JsonObject { ["status"] = "INACTIVE" })).Dispose();
        var created = await CreateAsync();

        using var response = await AssignAsync(created, customerId);

        Assert.NotEmpty((await response.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT")).FieldErrors("customerId"));
    }

    [Fact]
    public async Task Assign_CardInTesting_Returns409InvalidTransition()
    {
        var created = await CreateAsync();
        (await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/status", new JsonObject { ["status"] = "TESTING" })).Dispose();

        using var response = await AssignAsync(created, await ActiveCustomerIdAsync());

        await response.ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
    }

    [Fact]
    public async Task Release_AssignedCard_Returns200AvailableWithoutHolder_AndAgainIs409()
    {
        var created = await CreateAsync();
        (await AssignAsync(created, await ActiveCustomerIdAsync())).Dispose();

        using var released = await _http.SendJsonAsync(HttpMethod.Post, $"{SimsAlias}/{created["id"]}/release", null);
        using var again = await _http.SendJsonAsync(HttpMethod.Post, $"{PathOf(created)}/release", null);

        var body = await released.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("AVAILABLE", (string?)body["status"]);
        body.AssertAbsent("assignedToId");
        await again.ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
    }

    [Fact]
    public async Task Release_StaleIfMatchOrUnknownSim_Returns412Or404()
    {
        var created = await CreateAsync();
        (await AssignAsync(created, await ActiveCustomerIdAsync())).Dispose();

        using var stale = await _http.SendJsonAsync(HttpMethod.Post, $"{PathOf(created)}/release", null, r => r.IfMatch("\"1\""));
        using var unknown = await _http.SendJsonAsync(HttpMethod.Post, $"{Sims}/{Guid.NewGuid()}/release", null);

        await stale.ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
        await unknown.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task List_StatusAndSearchOverIccidMsisdnImsi_SelectTheMatchingCards()
    {
        var first = await CreateAsync();
        var second = await CreateAsync();
        (await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(second)}/status", new JsonObject { ["status"] = "TESTING" })).Dispose();

        var byIccid = await GetJsonAsync($"{Sims}?searchTerm={first["iccid"]}");
        var byMsisdn = await GetJsonAsync($"{SimsAlias}?searchTerm={second["msisdn"]}");
        var byImsi = await GetJsonAsync($"{Sims}?searchTerm={first["imsi"]}&status=AVAILABLE");
        var byImsiWrongStatus = await GetJsonAsync($"{Sims}?searchTerm={first["imsi"]}&status=TESTING");

        Assert.Equal([(string)first["id"]!], Ids(byIccid));
        Assert.Equal([(string)second["id"]!], Ids(byMsisdn));
        Assert.Equal([(string)first["id"]!], Ids(byImsi));
        Assert.True((bool?)byImsiWrongStatus["empty"]);
    }

    [Theory]
    [InlineData("status=ACTIVE", "status")]
    [InlineData("sort=colour", "sort")]
    [InlineData("page=-1", "page")]
    public async Task List_BadParameter_Returns400NamingIt(string query, string field)
    {
        using var response = await _http.GetAsync($"{Sims}?{query}");

        Assert.NotEmpty((await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors(field));
    }

    [Fact]
    public async Task AvailableAndByCustomer_FollowTheAssignment()
    {
        var customerId = await ActiveCustomerIdAsync();
        var created = await CreateAsync();

        var availableBefore = await GetJsonAsync($"{Sims}/available?searchTerm={created["iccid"]}");
        (await AssignAsync(created, customerId)).Dispose();
        var availableAfter = await GetJsonAsync($"{SimsAlias}/available?searchTerm={created["iccid"]}");
        var held = await GetJsonAsync($"{Sims}/by-customer/{customerId}");

        Assert.Equal([(string)created["id"]!], Ids(availableBefore));
        Assert.True((bool?)availableAfter["empty"]);
        Assert.Equal([(string)created["id"]!], Ids(held));
    }

    [Fact]
    public async Task ByCustomer_MalformedCustomerId_Returns400()
    {
        using var response = await _http.GetAsync($"{SimsAlias}/by-customer/x");

        Assert.NotEmpty((await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("customerId"));
    }

    [Fact]
    public async Task Expiring_ListsCardsExpiringWithinTheWindow_SoonestFirst()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        async Task<string> CardAsync(int daysFromToday)
        {
            var body = NewSim();
            body["activationDate"] = null;
            body["expiryDate"] = today.AddDays(daysFromToday).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            return (string)(await CreateAsync(body))["id"]!;
        }

        var in25 = await CardAsync(25);
        var in3 = await CardAsync(3);
        var in50 = await CardAsync(50);
        await CardAsync(-2);

        var defaultWindow = await GetJsonAsync($"{Sims}/expiring?size=100");
        var ninety = await GetJsonAsync($"{SimsAlias}/expiring?days=90&size=100");

        string[] mine = [in3, in25, in50];
        Assert.Equal([in3, in25], Ids(defaultWindow).Where(mine.Contains).ToList());
        Assert.Equal([in3, in25, in50], Ids(ninety).Where(mine.Contains).ToList());
    }

    [Fact]
    public async Task Expiring_DaysOutOfRange_Returns400NamingDays()
    {
        using var response = await _http.GetAsync($"{Sims}/expiring?days=0");

        Assert.NotEmpty((await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("days"));
    }

    [Fact]
    public async Task Stats_CountsEveryStatus()
    {
        var created = await CreateAsync();
        (await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/status", new JsonObject { ["status"] = "DAMAGED" })).Dispose();

        var stats = await GetJsonAsync($"{SimsAlias}/stats");

        var byStatus = stats["byStatus"]!.AsObject();
        Assert.Equal(
            ["ASSIGNED", "AVAILABLE", "DAMAGED", "DEACTIVATED", "LOST", "SUSPENDED", "TESTING"],
            byStatus.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.True((long?)byStatus["DAMAGED"] >= 1);
        Assert.Equal((long?)stats["total"], byStatus.Sum(p => (long)p.Value!));
    }
}
