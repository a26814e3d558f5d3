using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests;

/// <summary>Every device route (canonical and /api alias) and every error status, through HTTP on real silos and storage.</summary>
[Collection(ApiCluster.Name)]
public class AssetApiTests(ApiClusterFixture cluster)
{
    public const string Assets = "/api/v1/assets";
    public const string AssetsAlias = "/api/assets";

    private readonly HttpClient _http = cluster.Http;

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();

    /// <summary>A valid device; <paramref name="marker"/> goes into the manufacturer so a search finds exactly a test's devices.</summary>
    public static JsonObject NewAsset(string? marker = null, string type = "ROUTER") => new()
    {
        ["assetTag"] = Unique("TAG-"),
        ["assetType"] = type,
        ["name"] = "Home router AX3000",
        ["description"] = "Wi-Fi 6 router",
        ["serialNumber"] = Unique("SN-"),
        ["modelNumber"] = "AX3000",
        ["manufacturer"] = marker ?? Unique("Acme"),
        ["purchaseDate"] = "2026-01-10",
        ["warrantyExpiry"] = "2028-01-10",
        ["location"] = "Warehouse A",
        ["costCenter"] = "CC-10",
        ["notes"] = "",
    };

    private static string PathOf(JsonObject asset) => $"{Assets}/{asset["id"]}";

    private async Task<JsonObject> CreateAsync(JsonObject? body = null)
    {
        using var response = await _http.SendJsonAsync(HttpMethod.Post, Assets, body ?? NewAsset());
        return await response.ExpectJsonAsync(HttpStatusCode.Created);
    }

    private async Task<string> ActiveCustomerIdAsync() => (string)(await _http.CreateCustomerAsync())["id"]!;

    private Task<HttpResponseMessage> AssignAsync(JsonObject asset, string customerId, HttpClient? via = null, string? location = null) =>
        (via ?? _http).SendJsonAsync(HttpMethod.Post, $"{PathOf(asset)}/assign",
            new JsonObject { ["customerId"] = customerId, ["location"] = location });

    private async Task<JsonObject> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        return await response.ExpectJsonAsync(HttpStatusCode.OK);
    }

    private static List<string> Ids(JsonObject page) => page["content"]!.AsArray().Select(a => (string)a!["id"]!).ToList();

    [Fact]
    public async Task Create_ValidDevice_Returns201WithLocationETagAndEveryContractField()
    {
        var body = NewAsset();

        using var response = await _http.SendJsonAsync(HttpMethod.Post, Assets, body);
        var created = await response.ExpectJsonAsync(HttpStatusCode.Created);

        Assert.Equal($"{Assets}/{created["id"]}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal((string?)body["assetTag"], (string?)created["assetTag"]);
        Assert.Equal("ROUTER", (string?)created["assetType"]);
        Assert.Equal("Router", (string?)created["assetTypeDisplayName"]);
        Assert.Equal("AVAILABLE", (string?)created["status"]);
        Assert.Equal("Available", (string?)created["statusDisplayName"]);
        Assert.Equal("2026-01-10", (string?)created["purchaseDate"]);
        Assert.Equal("2028-01-10", (string?)created["warrantyExpiry"]);
        Assert.Equal(1, (int?)created["version"]);
        foreach (var field in new[]
                 {
                     "id", "assetTag", "assetType", "name", "description", "serialNumber", "modelNumber", "manufacturer",
                     "status", "purchaseDate", "warrantyExpiry", "location", "costCenter", "createdAt", "updatedAt", "version",
                 })
        {
            Assert.True(created.ContainsKey(field), $"missing {field}");
        }

        created.AssertAbsent("notes", "assignedToType", "assignedToTypeDisplayName", "assignedToId", "assignedToName", "assignedDate");
    }

    [Fact]
    public async Task Create_UnderAlias_Returns201AndIsReadableUnderBothPaths()
    {
        using var response = await _http.SendJsonAsync(HttpMethod.Post, AssetsAlias, NewAsset(type: "SET_TOP_BOX"));
        var created = await response.ExpectJsonAsync(HttpStatusCode.Created);

        var viaAlias = await GetJsonAsync($"{AssetsAlias}/{created["id"]}");
        Assert.Equal(created.ToJsonString(), viaAlias.ToJsonString());
        Assert.Equal("Set top box", (string?)viaAlias["assetTypeDisplayName"]);
        Assert.Equal(created.ToJsonString(), (await GetJsonAsync(PathOf(created))).ToJsonString());
    }

    [Fact]
    public async Task Create_InvalidFields_Returns400NamingEachField()
    {
        var body = NewAsset();
        body["assetTag"] = "";
        body["assetType"] = "TOASTER";
        body["name"] = new string('n', 101);
        body["warrantyExpiry"] = "2025-01-01";

        using var response = await _http.SendJsonAsync(HttpMethod.Post, Assets, body);
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        Assert.Equal(["is required"], problem.FieldErrors("assetTag"));
        Assert.Contains("SET_TOP_BOX", problem.FieldErrors("assetType").Single(), StringComparison.Ordinal);
        Assert.NotEmpty(problem.FieldErrors("name"));
        Assert.Equal(["must not be before purchaseDate"], problem.FieldErrors("warrantyExpiry"));
    }

    [Fact]
    public async Task Create_MalformedDate_Returns400NamingTheField()
    {
        var body = NewAsset();
        body["purchaseDate"] = "10.01.2026";

        using var response = await _http.SendJsonAsync(HttpMethod.Post, Assets, body);

        Assert.NotEmpty((await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "MALFORMED_REQUEST")).FieldErrors("purchaseDate"));
    }

    [Fact]
    public async Task Create_AssetTagTakenInOtherCase_Returns409NamingAssetTag()
    {
        var first = await CreateAsync();
        var body = NewAsset();
        body["assetTag"] = ((string)first["assetTag"]!).ToLowerInvariant();

        using var response = await _http.SendJsonAsync(HttpMethod.Post, Assets, body);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        Assert.NotEmpty(problem.FieldErrors("assetTag"));
    }

    [Fact]
    public async Task Create_SerialNumberTaken_Returns409NamingSerialNumber()
    {
        var first = await CreateAsync();
        var body = NewAsset();
        body["serialNumber"] = first["serialNumber"]!.ToString();

        using var response = await _http.SendJsonAsync(HttpMethod.Post, Assets, body);

        Assert.NotEmpty((await response.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT")).FieldErrors("serialNumber"));
    }

    [Fact]
    public async Task Create_WithoutSerialNumbers_DoesNotCollide()
    {
        var first = NewAsset();
        var second = NewAsset();
        first.Remove("serialNumber");
        second["serialNumber"] = "";

        await CreateAsync(first);
        var created = await CreateAsync(second);

        created.AssertAbsent("serialNumber");
    }

    [Fact]
    public async Task Create_SixRacingForOneTag_ExactlyOneWins()
    {
        var tag = Unique("RACE-");

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
        {
            var body = NewAsset();
            body["assetTag"] = tag;
            return (i % 2 == 0 ? cluster.Silo1 : cluster.Silo2).Http.SendJsonAsync(HttpMethod.Post, Assets, body);
        }));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var found = await GetJsonAsync($"{Assets}?searchTerm={tag}");
        Assert.Equal(1, (int?)found["totalElements"]);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Create_SameIdempotencyKeyAndBody_ReplaysTheFirstResponse()
    {
        var body = NewAsset();
        var key = Guid.NewGuid().ToString();

        using var first = await _http.SendJsonAsync(HttpMethod.Post, Assets, body, r => r.Headers.Add("Idempotency-Key", key));
        using var again = await cluster.Silo2.Http.SendJsonAsync(HttpMethod.Post, Assets, body, r => r.Headers.Add("Idempotency-Key", key));

        var created = await first.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal(created.ToJsonString(), (await again.ExpectJsonAsync(HttpStatusCode.Created)).ToJsonString());
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task Create_SameIdempotencyKeyOtherBody_Returns422()
    {
        var key = Guid.NewGuid().ToString();
        using var first = await _http.SendJsonAsync(HttpMethod.Post, Assets, NewAsset(), r => r.Headers.Add("Idempotency-Key", key));
        await first.ExpectJsonAsync(HttpStatusCode.Created);

        using var second = await _http.SendJsonAsync(HttpMethod.Post, Assets, NewAsset(), r => r.Headers.Add("Idempotency-Key", key));

        await second.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED");
    }

    [Fact]
    public async Task Get_UnknownId_Returns404()
    {
        using var response = await _http.GetAsync($"{Assets}/{Guid.NewGuid()}");

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Get_MalformedId_Returns400NamingId()
    {
        using var response = await _http.GetAsync($"{AssetsAlias}/not-a-uuid");

        Assert.Equal(["must be a UUID"], (await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("id"));
    }

    [Fact]
    public async Task Update_WithCurrentVersion_Returns200AndNextVersion()
    {
        var created = await CreateAsync();
        var update = NewAsset();
        update["id"] = created["id"]!.ToString();
        update["version"] = 1;
        update["name"] = "Replaced router";

        using var response = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), update);

        var updated = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Replaced router", (string?)updated["name"]);
        Assert.Equal(update["assetTag"]!.ToString(), (string?)updated["assetTag"]);
        Assert.Equal(2, (int?)updated["version"]);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Update_StaleVersionInBody_Returns409()
    {
        var created = await CreateAsync();
        var update = NewAsset();
        update["version"] = 1;
        (await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), update)).Dispose();

        using var stale = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), update);

        await stale.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
    }

    [Fact]
    public async Task Update_StaleIfMatch_Returns412()
    {
        var created = await CreateAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), NewAsset(), r => r.IfMatch("\"4\""));

        await response.ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
    }

    [Fact]
    public async Task Update_WithoutVersion_Returns400NamingVersion()
    {
        var created = await CreateAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), NewAsset());

        Assert.NotEmpty((await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("version"));
    }

    [Fact]
    public async Task Update_TagOfAnotherAsset_Returns409AndKeepsTheAsset()
    {
        var other = await CreateAsync();
        var created = await CreateAsync();
        var update = NewAsset();
        update["assetTag"] = other["assetTag"]!.ToString();
        update["version"] = 1;

        using var response = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), update);

        Assert.NotEmpty((await response.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT")).FieldErrors("assetTag"));
        Assert.Equal(created.ToJsonString(), (await GetJsonAsync(PathOf(created))).ToJsonString());
    }

    [Fact]
    public async Task Update_UnknownAsset_Returns404()
    {
        var update = NewAsset();
        update["version"] = 1;

        using var response = await _http.SendJsonAsync(HttpMethod.Put, $"{Assets}/{Guid.NewGuid()}", update);

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task ChangeStatus_AllowedTransition_Returns200WithDisplayName()
    {
        var created = await CreateAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Put, $"{AssetsAlias}/{created["id"]}/status",
            new JsonObject { ["id"] = created["id"]!.ToString(), ["status"] = "MAINTENANCE", ["version"] = 1 });

        var changed = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("MAINTENANCE", (string?)changed["status"]);
        Assert.Equal("Maintenance", (string?)changed["statusDisplayName"]);
        Assert.Equal(2, (int?)changed["version"]);
    }

    [Fact]
    public async Task ChangeStatus_ForbiddenTransition_Returns409InvalidTransition()
    {
        var created = await CreateAsync();
        (await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/status", new JsonObject { ["status"] = "RETIRED" })).Dispose();

        using var response = await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/status", new JsonObject { ["status"] = "AVAILABLE" });

        var problem = await response.ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        Assert.Contains("RETIRED is final", (string?)problem["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangeStatus_ToInUse_Returns409InvalidTransition()
    {
        var created = await CreateAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/status", new JsonObject { ["status"] = "IN_USE" });

        await response.ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
    }

    [Fact]
    public async Task ChangeStatus_UnknownStatus_Returns400ListingTheAllowedOnes()
    {
        var created = await CreateAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/status", new JsonObject { ["status"] = "BROKEN" });

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.Contains("IN_USE", problem.FieldErrors("status").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangeStatus_StaleIfMatch_Returns412()
    {
        var created = await CreateAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/status",
            new JsonObject { ["status"] = "RESERVED" }, r => r.IfMatch("\"3\""));

        await response.ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
    }

    [Fact]
    public async Task ChangeStatus_StaleVersionInBody_Returns409()
    {
        var created = await CreateAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/status",
            new JsonObject { ["status"] = "RESERVED", ["version"] = 3 });

        await response.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
    }

    [Fact]
    public async Task ChangeStatus_UnknownAsset_Returns404()
    {
        using var response = await _http.SendJsonAsync(HttpMethod.Put, $"{Assets}/{Guid.NewGuid()}/status", new JsonObject { ["status"] = "RESERVED" });

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Assign_ActiveCustomer_Returns200InUseWithTheCustomersName()
    {
        var customer = await _http.CreateCustomerAsync();
        var created = await CreateAsync();

        using var response = await AssignAsync(created, (string)customer["id"]!, location: "ul. Polna 1, Kraków");

        var assigned = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("IN_USE", (string?)assigned["status"]);
        Assert.Equal("In use", (string?)assigned["statusDisplayName"]);
        Assert.Equal("CUSTOMER", (string?)assigned["assignedToType"]);
        Assert.Equal("Customer", (string?)assigned["assignedToTypeDisplayName"]);
        Assert.Equal((string?)customer["id"], (string?)assigned["assignedToId"]);
        Assert.Equal($"{customer["firstName"]} {customer["lastName"]}", (string?)assigned["assignedToName"]);
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), (string?)assigned["assignedDate"]);
        Assert.Equal("ul. Polna 1, Kraków", (string?)assigned["location"]);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Assign_AlreadyAssigned_Returns409NamingTheHolder()
    {
        var holder = await ActiveCustomerIdAsync();
        var created = await CreateAsync();
        (await AssignAsync(created, holder)).Dispose();

        using var response = await AssignAsync(created, await ActiveCustomerIdAsync());

        var problem = await response.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        Assert.Contains(holder, (string?)problem["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assign_TenCustomersAtOnceAcrossSilos_ExactlyOneWins()
    {
        var created = await CreateAsync();
        var customers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => ActiveCustomerIdAsync()));

        var responses = await Task.WhenAll(customers.Select((c, i) => AssignAsync(created, c, (i % 2 == 0 ? cluster.Silo1 : cluster.Silo2).Http)));

        var winners = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        var winner = await Assert.Single(winners).ExpectJsonAsync(HttpStatusCode.OK);
        foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            var problem = await loser.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
            Assert.Contains((string)winner["assignedToId"]!, (string?)problem["message"], StringComparison.Ordinal);
        }

        var current = await GetJsonAsync(PathOf(created));
        Assert.Equal((string?)winner["assignedToId"], (string?)current["assignedToId"]);
        Assert.Equal(2, (int?)current["version"]);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Assign_UnknownCustomer_Returns404NamingTheCustomer()
    {
        var created = await CreateAsync();
        var customerId = Guid.NewGuid().ToString();

        using var response = await AssignAsync(created, customerId);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Contains(customerId, (string?)problem["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assign_SuspendedCustomer_Returns409()
    {
        var customerId = await ActiveCustomerIdAsync();
        (await _http.SendJsonAsync(HttpMethod.Put, $"{Api.Customers}/{customerId}/status", new JsonObject { ["status"] = "SUSPENDED" })).Dispose();
        var created = await CreateAsync();

        using var response = await AssignAsync(created, customerId);

        Assert.NotEmpty((await response.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT")).FieldErrors("customerId"));
    }

    [Fact]
    public async Task Assign_AssetInMaintenance_Returns409InvalidTransition()
    {
        var created = await CreateAsync();
        (await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/status", new JsonObject { ["status"] = "MAINTENANCE" })).Dispose();

        using var response = await AssignAsync(created, await ActiveCustomerIdAsync());

        await response.ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
    }

    [Theory]
    [InlineData(null, "is required")]
    [InlineData("customer-1", "must be a UUID")]
    public async Task Assign_BadCustomerId_Returns400NamingCustomerId(string? customerId, string reason)
    {
        var created = await CreateAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Post, $"{PathOf(created)}/assign", new JsonObject { ["customerId"] = customerId });

        Assert.Equal([reason], (await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("customerId"));
    }

    [Fact]
    public async Task Assign_UnknownAsset_Returns404()
    {
        using var response = await _http.SendJsonAsync(HttpMethod.Post, $"{Assets}/{Guid.NewGuid()}/assign",
            new JsonObject { ["customerId"] = await ActiveCustomerIdAsync() });

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Assign_SameIdempotencyKey_ReplaysInsteadOfConflicting()
    {
        var created = await CreateAsync();
        var body = new JsonObject { ["customerId"] = await ActiveCustomerIdAsync() };
        var key = Guid.NewGuid().ToString();

        using var first = await _http.SendJsonAsync(HttpMethod.Post, $"{PathOf(created)}/assign", body, r => r.Headers.Add("Idempotency-Key", key));
        using var again = await _http.SendJsonAsync(HttpMethod.Post, $"{PathOf(created)}/assign", body, r => r.Headers.Add("Idempotency-Key", key));

        Assert.Equal((await first.ExpectJsonAsync(HttpStatusCode.OK)).ToJsonString(), (await again.ExpectJsonAsync(HttpStatusCode.OK)).ToJsonString());
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task Assign_SameIdempotencyKeyOtherCustomer_Returns422()
    {
        var created = await CreateAsync();
        var key = Guid.NewGuid().ToString();
        (await _http.SendJsonAsync(HttpMethod.Post, $"{PathOf(created)}/assign", new JsonObject { ["customerId"] = await ActiveCustomerIdAsync() },
            r => r.Headers.Add("Idempotency-Key", key))).Dispose();

        using var second = await _http.SendJsonAsync(HttpMethod.Post, $"{PathOf(created)}/assign",
            new JsonObject { ["customerId"] = await ActiveCustomerIdAsync() }, r => r.Headers.Add("Idempotency-Key", key));

        await second.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED");
    }

    [Fact]
    public async Task Release_AssignedAsset_Returns200AvailableWithoutHolder()
    {
        var created = await CreateAsync();
        (await AssignAsync(created, await ActiveCustomerIdAsync())).Dispose();

        using var response = await _http.SendJsonAsync(HttpMethod.Post, $"{AssetsAlias}/{created["id"]}/release", null);

        var released = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("AVAILABLE", (string?)released["status"]);
        released.AssertAbsent("assignedToType", "assignedToId", "assignedToName", "assignedDate");
        Assert.Equal(3, (int?)released["version"]);
    }

    [Fact]
    public async Task Release_NotAssigned_Returns409InvalidTransition()
    {
        var created = await CreateAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Post, $"{PathOf(created)}/release", null);

        await response.ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
    }

    [Fact]
    public async Task Release_StaleIfMatch_Returns412()
    {
        var created = await CreateAsync();
        (await AssignAsync(created, await ActiveCustomerIdAsync())).Dispose();

        using var response = await _http.SendJsonAsync(HttpMethod.Post, $"{PathOf(created)}/release", null, r => r.IfMatch("\"1\""));

        await response.ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
    }

    [Fact]
    public async Task Release_UnknownAsset_Returns404()
    {
        using var response = await _http.SendJsonAsync(HttpMethod.Post, $"{Assets}/{Guid.NewGuid()}/release", null);

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task List_StatusTypeAndSearchFilters_SelectTheMatchingDevices()
    {
        var marker = Unique("Mk");
        var router = await CreateAsync(NewAsset(marker));
        var modem = await CreateAsync(NewAsset(marker, "MODEM"));
        var reserved = await CreateAsync(NewAsset(marker, "MODEM"));
        (await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(reserved)}/status", new JsonObject { ["status"] = "RESERVED" })).Dispose();

        var all = await GetJsonAsync($"{Assets}?searchTerm={marker.ToLowerInvariant()}");
        var modems = await GetJsonAsync($"{AssetsAlias}?searchTerm={marker}&type=MODEM");
        var reservedModems = await GetJsonAsync($"{Assets}?searchTerm={marker}&type=modem&status=RESERVED");
        var byTag = await GetJsonAsync($"{Assets}?searchTerm={router["assetTag"]}");
        var bySerial = await GetJsonAsync($"{Assets}?searchTerm={modem["serialNumber"]}");

        Assert.Equal(3, (int?)all["totalElements"]);
        Assert.Equal([(string)reserved["id"]!, (string)modem["id"]!], Ids(modems));
        Assert.Equal([(string)reserved["id"]!], Ids(reservedModems));
        Assert.Equal([(string)router["id"]!], Ids(byTag));
        Assert.Equal([(string)modem["id"]!], Ids(bySerial));
    }

    [Fact]
    public async Task List_PagesAndSorts()
    {
        var marker = Unique("Pg");
        var names = new[] { "Charlie", "Alpha", "Bravo" };
        foreach (var name in names)
        {
            var body = NewAsset(marker);
            body["name"] = name;
            await CreateAsync(body);
        }

        var first = await GetJsonAsync($"{Assets}?searchTerm={marker}&sort=name,asc&size=2");
        var second = await GetJsonAsync($"{Assets}?searchTerm={marker}&sort=name,asc&size=2&page=1");

        Assert.Equal(["Alpha", "Bravo"], first["content"]!.AsArray().Select(a => (string)a!["name"]!));
        Assert.Equal(["Charlie"], second["content"]!.AsArray().Select(a => (string)a!["name"]!));
        Assert.Equal(2, (int?)first["totalPages"]);
        Assert.True((bool?)second["last"]);
    }

    [Theory]
    [InlineData("status=BROKEN", "status")]
    [InlineData("type=TOASTER", "type")]
    [InlineData("sort=colour,asc", "sort")]
    [InlineData("size=101", "size")]
    public async Task List_BadParameter_Returns400NamingIt(string query, string field)
    {
        using var response = await _http.GetAsync($"{Assets}?{query}");

        Assert.NotEmpty((await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors(field));
    }

    [Fact]
    public async Task Available_ListsOnlyAvailableDevices()
    {
        var marker = Unique("Av");
        var free = await CreateAsync(NewAsset(marker));
        var taken = await CreateAsync(NewAsset(marker));
        (await AssignAsync(taken, await ActiveCustomerIdAsync())).Dispose();

        var available = await GetJsonAsync($"{Assets}/available?searchTerm={marker}");
        var viaAlias = await GetJsonAsync($"{AssetsAlias}/available?searchTerm={marker}&size=1");

        Assert.Equal([(string)free["id"]!], Ids(available));
        Assert.Equal(1, (int?)viaAlias["totalElements"]);
    }

    [Fact]
    public async Task ByCustomer_ListsWhatTheCustomerHoldsUntilReleased()
    {
        var customerId = await ActiveCustomerIdAsync();
        var first = await CreateAsync();
        var second = await CreateAsync();
        (await AssignAsync(first, customerId)).Dispose();
        (await AssignAsync(second, customerId)).Dispose();

        var held = await GetJsonAsync($"{Assets}/by-customer/{customerId}");
        (await _http.SendJsonAsync(HttpMethod.Post, $"{PathOf(first)}/release", null)).Dispose();
        var afterRelease = await GetJsonAsync($"{AssetsAlias}/by-customer/{customerId}");

        Assert.Equal(new[] { (string)first["id"]!, (string)second["id"]! }.Order(), Ids(held).Order());
        Assert.Equal([(string)second["id"]!], Ids(afterRelease));
    }

    [Fact]
    public async Task ByCustomer_MalformedCustomerId_Returns400()
    {
        using var response = await _http.GetAsync($"{Assets}/by-customer/nobody");

        Assert.NotEmpty((await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("customerId"));
    }

    [Fact]
    public async Task WarrantyExpiring_ListsDevicesWhoseWarrantyEndsWithinTheWindow_SoonestFirst()
    {
        var marker = Unique("Wr");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        async Task<string> DeviceAsync(int daysFromToday)
        {
            var body = NewAsset(marker);
            body["purchaseDate"] = null;
            body["warrantyExpiry"] = today.AddDays(daysFromToday).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            return (string)(await CreateAsync(body))["id"]!;
        }

        var in20 = await DeviceAsync(20);
        var in5 = await DeviceAsync(5);
        var in45 = await DeviceAsync(45);
        await DeviceAsync(-1);

        var defaultWindow = await GetJsonAsync($"{Assets}/warranty-expiring?searchTerm={marker}&size=100");
        var sixtyDays = await GetJsonAsync($"{AssetsAlias}/warranty-expiring?days=60&size=100");

        Assert.Equal([in5, in20], Ids(defaultWindow).Where(id => id == in5 || id == in20 || id == in45).ToList());
        Assert.Equal([in5, in20, in45], Ids(sixtyDays).Where(id => id == in5 || id == in20 || id == in45).ToList());
        Assert.All(defaultWindow["content"]!.AsArray(), a => Assert.InRange(
            DateOnly.Parse((string)a!["warrantyExpiry"]!, CultureInfo.InvariantCulture), today, today.AddDays(30)));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("3651")]
    [InlineData("soon")]
    public async Task WarrantyExpiring_DaysOutOfRange_Returns400NamingDays(string days)
    {
        using var response = await _http.GetAsync($"{Assets}/warranty-expiring?days={days}");

        Assert.NotEmpty((await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("days"));
    }

    [Fact]
    public async Task Stats_CountsEveryStatus()
    {
        var before = await GetJsonAsync($"{Assets}/stats");
        var created = await CreateAsync();
        (await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/status", new JsonObject { ["status"] = "LOST" })).Dispose();

        var after = await GetJsonAsync($"{AssetsAlias}/stats");

        var byStatus = after["byStatus"]!.AsObject();
        Assert.Equal(
            ["AVAILABLE", "DAMAGED", "IN_USE", "LOST", "MAINTENANCE", "RESERVED", "RETIRED", "RETURNED", "STOLEN"],
            byStatus.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.True((long?)byStatus["LOST"] >= (long?)before["byStatus"]!["LOST"] + 1);
        Assert.Equal((long?)after["total"], byStatus.Sum(p => (long)p.Value!));
    }
}
