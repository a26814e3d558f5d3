using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests;

/// <summary>Every address route (and its /api alias), every error status, and the one-primary rule under races.</summary>
[Collection(ApiCluster.Name)]
public class AddressApiTests(ApiClusterFixture cluster)
{
    private const string Addresses = "/api/v1/addresses";
    private const string Alias = "/api/addresses";

    private readonly HttpClient _http = cluster.Http;

    private static string PathOf(JsonObject address) => $"{Addresses}/{address["id"]}";

    /// <summary>A valid address body; the street carries a unique marker so searches find exactly it.</summary>
    internal static JsonObject NewAddress(JsonObject customer, string type = "BILLING", bool isPrimary = false, string? marker = null) => new()
    {
        ["customerId"] = customer["id"]!.ToString(),
        ["type"] = type,
        ["street"] = "Marszałkowska " + (marker ?? "A" + Guid.NewGuid().ToString("N")[..10]),
        ["houseNumber"] = "10",
        ["apartmentNumber"] = "5",
        ["postalCode"] = "00-950",
        ["city"] = "Warszawa",
        ["region"] = "mazowieckie",
        ["country"] = "PL",
        ["latitude"] = 52.2297m,
        ["longitude"] = 21.0122m,
        ["isPrimary"] = isPrimary,
    };

    private async Task<JsonObject> CreateAsync(JsonObject body)
    {
        using var response = await _http.SendJsonAsync(HttpMethod.Post, Addresses, body);
        return await response.ExpectJsonAsync(HttpStatusCode.Created);
    }

    private async Task<(JsonObject Customer, JsonObject Address)> CreateWithCustomerAsync(bool isPrimary = false)
    {
        var customer = await _http.CreateCustomerAsync();
        return (customer, await CreateAsync(NewAddress(customer, isPrimary: isPrimary)));
    }

    private async Task<JsonObject> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        return await response.ExpectJsonAsync(HttpStatusCode.OK);
    }

    private async Task<JsonArray> ForCustomerAsync(JsonObject customer, string basePath = Addresses)
    {
        using var response = await _http.GetAsync($"{basePath}/customer/{customer["id"]}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
    }

    private static JsonObject Update(JsonObject address, int? version = 1)
    {
        var body = address.DeepClone().AsObject();
        body["version"] = version;
        foreach (var key in new[] { "customerName", "typeDisplayName", "status", "statusDisplayName", "countryDisplayName", "createdAt", "updatedAt" })
        {
            body.Remove(key);
        }

        return body;
    }

    // ---- create -------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Create_ValidAddress_Returns201WithLocationETagAndContractFields()
    {
        var customer = await _http.CreateCustomerAsync();
        var body = NewAddress(customer, isPrimary: true);

        using var response = await _http.SendJsonAsync(HttpMethod.Post, Addresses, body);
        var created = await response.ExpectJsonAsync(HttpStatusCode.Created);

        Assert.Equal($"{Addresses}/{created["id"]}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal((string?)customer["id"], (string?)created["customerId"]);
        Assert.Equal($"Anna {customer["lastName"]}", (string?)created["customerName"]);
        Assert.Equal("BILLING", (string?)created["type"]);
        Assert.Equal("Billing", (string?)created["typeDisplayName"]);
        Assert.Equal("PENDING", (string?)created["status"]);
        Assert.Equal("Pending", (string?)created["statusDisplayName"]);
        Assert.Equal(body["street"]!.ToString(), (string?)created["street"]);
        Assert.Equal("10", (string?)created["houseNumber"]);
        Assert.Equal("5", (string?)created["apartmentNumber"]);
        Assert.Equal("00-950", (string?)created["postalCode"]);
        Assert.Equal("Warszawa", (string?)created["city"]);
        Assert.Equal("mazowieckie", (string?)created["region"]);
        Assert.Equal("PL", (string?)created["country"]);
        Assert.Equal("Poland", (string?)created["countryDisplayName"]);
        Assert.Equal(52.2297m, (decimal?)created["latitude"]);
        Assert.Equal(21.0122m, (decimal?)created["longitude"]);
        Assert.True((bool?)created["isPrimary"]);
        Assert.Equal(1, (int?)created["version"]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", (string?)created["createdAt"]);
        Assert.Equal((string?)created["createdAt"], (string?)created["updatedAt"]);
    }

    [Fact]
    public async Task Create_UnitedKingdom_ShowsItsEnglishName()
    {
        var body = NewAddress(await _http.CreateCustomerAsync());
        body["country"] = "uk";

        var created = await CreateAsync(body);

        Assert.Equal("UK", (string?)created["country"]);
        Assert.Equal("United Kingdom", (string?)created["countryDisplayName"]);
    }

    [Fact]
    public async Task Create_WithoutOptionalFields_LeavesThemOutOfTheResponse()
    {
        var body = NewAddress(await _http.CreateCustomerAsync());
        body["apartmentNumber"] = "";
        body.Remove("region");
        body.Remove("latitude");
        body.Remove("longitude");
        body.Remove("isPrimary");

        var created = await CreateAsync(body);

        foreach (var field in new[] { "apartmentNumber", "region", "latitude", "longitude" })
        {
            Assert.False(created.ContainsKey(field), field);
        }

        Assert.False((bool?)created["isPrimary"]);
    }

    [Fact]
    public async Task Create_InvalidFields_Returns400NamingEachFieldAndReason()
    {
        var body = NewAddress(await _http.CreateCustomerAsync());
        body["street"] = "";
        body["houseNumber"] = new string('1', 21);
        body["apartmentNumber"] = new string('2', 21);
        body["postalCode"] = "00950";
        body["city"] = new string('c', 101);
        body["region"] = new string('r', 101);
        body["latitude"] = 90.5m;
        body["longitude"] = -181;

        using var response = await _http.SendJsonAsync(HttpMethod.Post, Addresses, body);
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        Assert.Equal(["is required"], problem.FieldErrors("street"));
        Assert.Equal(["must be between 1 and 20 characters"], problem.FieldErrors("houseNumber"));
        Assert.Equal(["must be between 1 and 20 characters"], problem.FieldErrors("apartmentNumber"));
        Assert.Equal(["must be in the format NN-NNN (e.g. 00-950)"], problem.FieldErrors("postalCode"));
        Assert.Equal(["must be between 1 and 100 characters"], problem.FieldErrors("city"));
        Assert.Equal(["must be between 1 and 100 characters"], problem.FieldErrors("region"));
        Assert.Equal(["must be between -90 and 90"], problem.FieldErrors("latitude"));
        Assert.Equal(["must be between -180 and 180"], problem.FieldErrors("longitude"));
        Assert.Empty(problem.FieldErrors("customerId"));
    }

    [Fact]
    public async Task Create_UnknownCodesAndMalformedCustomerId_Returns400ListingTheAllowedCodes()
    {
        var body = NewAddress(await _http.CreateCustomerAsync());
        body["type"] = "HOME";
        body["country"] = "US";
        body["customerId"] = "nope";

        using var response = await _http.SendJsonAsync(HttpMethod.Post, Addresses, body);
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        Assert.Equal(["must be one of BILLING, SHIPPING, SERVICE, CORRESPONDENCE"], problem.FieldErrors("type"));
        Assert.Contains("PL, DE, FR", problem.FieldErrors("country").Single(), StringComparison.Ordinal);
        Assert.Equal(["must be a UUID"], problem.FieldErrors("customerId"));
    }

    [Fact]
    public async Task Create_MissingRequiredFields_Returns400SayingRequired()
    {
        using var response = await _http.SendJsonAsync(HttpMethod.Post, Addresses, new JsonObject());
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        foreach (var field in new[] { "customerId", "type", "street", "houseNumber", "postalCode", "city", "country" })
        {
            Assert.Equal(["is required"], problem.FieldErrors(field));
        }
    }

    [Fact]
    public async Task Create_UnknownCustomer_Returns400NamingCustomerId()
    {
        var body = NewAddress(new JsonObject { ["id"] = Guid.NewGuid().ToString() });

        using var response = await _http.SendJsonAsync(HttpMethod.Post, Addresses, body);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.Equal(["refers to no existing customer"], problem.FieldErrors("customerId"));
    }

    [Fact]
    public async Task Create_SameIdempotencyKeyAndBody_ReplaysTheFirstResponse()
    {
        var customer = await _http.CreateCustomerAsync();
        var body = NewAddress(customer);
        var key = Guid.NewGuid().ToString();

        using var first = await _http.SendJsonAsync(HttpMethod.Post, Addresses, body, r => r.Headers.Add("Idempotency-Key", key));
        using var again = await cluster.Silo2.Http.SendJsonAsync(HttpMethod.Post, Addresses, body, r => r.Headers.Add("Idempotency-Key", key));

        var created = await first.ExpectJsonAsync(HttpStatusCode.Created);
        var replayed = await again.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal(created.ToJsonString(), replayed.ToJsonString());
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
        Assert.Single(await ForCustomerAsync(customer));
    }

    [Fact]
    public async Task Create_SameIdempotencyKeyOtherBody_Returns422()
    {
        var customer = await _http.CreateCustomerAsync();
        var key = Guid.NewGuid().ToString();
        using var first = await _http.SendJsonAsync(HttpMethod.Post, Addresses, NewAddress(customer), r => r.Headers.Add("Idempotency-Key", key));
        await first.ExpectJsonAsync(HttpStatusCode.Created);

        using var second = await _http.SendJsonAsync(HttpMethod.Post, Addresses, NewAddress(customer), r => r.Headers.Add("Idempotency-Key", key));

        await second.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED");
    }

    // ---- one primary per customer and type ----------------------------------------------------------------------

    [Fact]
    public async Task Create_SecondPrimaryOfSameCustomerAndType_Returns409NamingIsPrimary()
    {
        var (customer, first) = await CreateWithCustomerAsync(isPrimary: true);

        using var response = await _http.SendJsonAsync(HttpMethod.Post, Addresses, NewAddress(customer, isPrimary: true));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        Assert.NotEmpty(problem.FieldErrors("isPrimary"));
        Assert.Contains("isPrimary", (string?)problem["message"], StringComparison.Ordinal);
        var stored = Assert.Single(await ForCustomerAsync(customer));
        Assert.Equal((string?)first["id"], (string?)stored!["id"]);
    }

    [Fact]
    public async Task Create_PrimaryOfOtherTypeOrOtherCustomer_AndNonPrimaries_AreAccepted()
    {
        var (customer, _) = await CreateWithCustomerAsync(isPrimary: true);
        var other = await _http.CreateCustomerAsync();

        await CreateAsync(NewAddress(customer, type: "SHIPPING", isPrimary: true));
        await CreateAsync(NewAddress(customer, isPrimary: false));
        await CreateAsync(NewAddress(customer, isPrimary: false));
        await CreateAsync(NewAddress(other, isPrimary: true));

        Assert.Equal(4, (await ForCustomerAsync(customer)).Count);
    }

    [Fact]
    public async Task Create_ConcurrentPrimariesOfOneCustomerAndType_ExactlyOneSucceeds()
    {
        var customer = await _http.CreateCustomerAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            (i % 2 == 0 ? cluster.Silo1 : cluster.Silo2).Http.SendJsonAsync(HttpMethod.Post, Addresses,
                NewAddress(customer, type: "SERVICE", isPrimary: true))));

        try
        {
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
            foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            {
                var problem = await refused.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
                Assert.NotEmpty(problem.FieldErrors("isPrimary"));
            }
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }

        var stored = Assert.Single(await ForCustomerAsync(customer));
        Assert.True((bool?)stored!["isPrimary"]);
    }

    [Fact]
    public async Task Update_UnsetPrimary_LetsAnotherAddressBecomePrimary()
    {
        var (customer, first) = await CreateWithCustomerAsync(isPrimary: true);
        var second = await CreateAsync(NewAddress(customer));
        var promote = Update(second);
        promote["isPrimary"] = true;

        using var refused = await _http.SendJsonAsync(HttpMethod.Put, PathOf(second), promote);
        await refused.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");

        var demote = Update(first);
        demote["isPrimary"] = false;
        using (var demoted = await _http.SendJsonAsync(HttpMethod.Put, PathOf(first), demote))
        {
            await demoted.ExpectJsonAsync(HttpStatusCode.OK);
        }

        using var promoted = await _http.SendJsonAsync(HttpMethod.Put, PathOf(second), promote);
        Assert.True((bool?)(await promoted.ExpectJsonAsync(HttpStatusCode.OK))["isPrimary"]);
        Assert.False((bool?)(await GetJsonAsync(PathOf(first)))["isPrimary"]);
    }

    [Fact]
    public async Task Delete_Primary_FreesTheSlot()
    {
        var (customer, first) = await CreateWithCustomerAsync(isPrimary: true);

        (await _http.DeleteAsync(PathOf(first))).Dispose();

        Assert.True((bool?)(await CreateAsync(NewAddress(customer, isPrimary: true)))["isPrimary"]);
    }

    // ---- read ---------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Get_ThroughTheOtherSiloAndTheAlias_ReturnsTheSameAddressWithETag()
    {
        var (_, created) = await CreateWithCustomerAsync();

        using var response = await cluster.Silo2.Http.GetAsync($"{Alias}/{created["id"]}");

        var read = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(created.ToJsonString(), read.ToJsonString());
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Get_UnknownId_Returns404()
    {
        using var response = await _http.GetAsync($"{Addresses}/{Guid.NewGuid()}");

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Get_MalformedId_Returns400NamingId()
    {
        using var response = await _http.GetAsync($"{Addresses}/not-a-uuid");

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.Equal(["must be a UUID"], problem.FieldErrors("id"));
    }

    [Fact]
    public async Task ForCustomer_ReturnsEveryAddressOfTheCustomerAsAnArray_OldestFirst()
    {
        var (customer, first) = await CreateWithCustomerAsync();
        var second = await CreateAsync(NewAddress(customer, type: "SHIPPING"));
        await CreateWithCustomerAsync();

        var addresses = await ForCustomerAsync(customer, Alias);

        Assert.Equal([(string?)first["id"], (string?)second["id"]], addresses.Select(a => (string?)a!["id"]));
    }

    [Fact]
    public async Task ForCustomer_UnknownCustomer_ReturnsAnEmptyArray() =>
        Assert.Empty(await ForCustomerAsync(new JsonObject { ["id"] = Guid.NewGuid().ToString() }));

    [Fact]
    public async Task ForCustomer_MalformedId_Returns400NamingCustomerId()
    {
        using var response = await _http.GetAsync($"{Addresses}/customer/42");

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.NotEmpty(problem.FieldErrors("customerId"));
    }

    // ---- update -------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Update_WithCurrentVersion_Returns200AndNextVersion()
    {
        var (_, created) = await CreateWithCustomerAsync();
        var update = Update(created);
        update["city"] = "Kraków";
        update["postalCode"] = "30-001";
        update["type"] = "CORRESPONDENCE";

        using var response = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), update);

        var updated = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Kraków", (string?)updated["city"]);
        Assert.Equal("CORRESPONDENCE", (string?)updated["type"]);
        Assert.Equal("Correspondence", (string?)updated["typeDisplayName"]);
        Assert.Equal(2, (int?)updated["version"]);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        Assert.Equal((string?)created["createdAt"], (string?)updated["createdAt"]);
    }

    [Fact]
    public async Task Update_ThroughTheAliasWithCurrentIfMatch_Returns200()
    {
        var (_, created) = await CreateWithCustomerAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Put, $"{Alias}/{created["id"]}", Update(created, version: null),
            r => r.IfMatch("\"1\""));

        Assert.Equal(2, (int?)(await response.ExpectJsonAsync(HttpStatusCode.OK))["version"]);
    }

    [Fact]
    public async Task Update_StaleVersionInBody_Returns409()
    {
        var (_, created) = await CreateWithCustomerAsync();
        (await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), Update(created))).Dispose();

        using var stale = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), Update(created));

        await stale.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
    }

    [Fact]
    public async Task Update_StaleIfMatch_Returns412()
    {
        var (_, created) = await CreateWithCustomerAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), Update(created, version: null), r => r.IfMatch("\"7\""));

        await response.ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
    }

    [Fact]
    public async Task Update_WithoutAnyVersion_Returns400NamingVersion()
    {
        var (_, created) = await CreateWithCustomerAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), Update(created, version: null));

        Assert.NotEmpty((await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("version"));
    }

    [Fact]
    public async Task Update_InvalidPostalCode_Returns400AndKeepsTheAddress()
    {
        var (_, created) = await CreateWithCustomerAsync();
        var update = Update(created);
        update["postalCode"] = "SW1A 1AA";

        using var response = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), update);

        Assert.NotEmpty((await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("postalCode"));
        Assert.Equal(1, (int?)(await GetJsonAsync(PathOf(created)))["version"]);
    }

    [Fact]
    public async Task Update_OtherCustomerId_Returns400NamingCustomerId()
    {
        var (_, created) = await CreateWithCustomerAsync();
        var other = await _http.CreateCustomerAsync();
        var update = Update(created);
        update["customerId"] = other["id"]!.ToString();

        using var response = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), update);

        Assert.NotEmpty((await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("customerId"));
    }

    [Fact]
    public async Task Update_BodyIdDiffersFromPath_Returns400()
    {
        var (_, created) = await CreateWithCustomerAsync();
        var update = Update(created);
        update["id"] = Guid.NewGuid().ToString();

        using var response = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), update);

        Assert.NotEmpty((await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("id"));
    }

    [Fact]
    public async Task Update_UnknownAddress_Returns404()
    {
        var (_, created) = await CreateWithCustomerAsync();
        var update = Update(created);
        update.Remove("id");

        using var response = await _http.SendJsonAsync(HttpMethod.Put, $"{Addresses}/{Guid.NewGuid()}", update);

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    // ---- status -------------------------------------------------------------------------------------------------

    [Fact]
    public async Task ChangeStatus_PendingToActive_Returns200WithDisplayName()
    {
        var (_, created) = await CreateWithCustomerAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Patch, $"{PathOf(created)}/status",
            new JsonObject { ["id"] = created["id"]!.ToString(), ["status"] = "ACTIVE" });

        var active = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("ACTIVE", (string?)active["status"]);
        Assert.Equal("Active", (string?)active["statusDisplayName"]);
        Assert.Equal(2, (int?)active["version"]);
    }

    [Fact]
    public async Task ChangeStatus_BackToPending_Returns409InvalidTransition()
    {
        var (_, created) = await CreateWithCustomerAsync();
        (await _http.SendJsonAsync(HttpMethod.Patch, $"{Alias}/{created["id"]}/status", new JsonObject { ["status"] = "INACTIVE" })).Dispose();

        using var response = await _http.SendJsonAsync(HttpMethod.Patch, $"{PathOf(created)}/status", new JsonObject { ["status"] = "PENDING" });

        var problem = await response.ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        Assert.Contains("INACTIVE", (string?)problem["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangeStatus_UnknownStatus_Returns400ListingTheAllowedOnes()
    {
        var (_, created) = await CreateWithCustomerAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Patch, $"{PathOf(created)}/status", new JsonObject { ["status"] = "VERIFIED" });

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.Equal(["must be one of PENDING, ACTIVE, INACTIVE"], problem.FieldErrors("status"));
    }

    [Fact]
    public async Task ChangeStatus_StaleVersionInBody_Returns409()
    {
        var (_, created) = await CreateWithCustomerAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Patch, $"{PathOf(created)}/status",
            new JsonObject { ["status"] = "ACTIVE", ["version"] = 4 });

        await response.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
    }

    [Fact]
    public async Task ChangeStatus_StaleIfMatch_Returns412()
    {
        var (_, created) = await CreateWithCustomerAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Patch, $"{PathOf(created)}/status",
            new JsonObject { ["status"] = "ACTIVE" }, r => r.IfMatch("\"5\""));

        await response.ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
    }

    [Fact]
    public async Task ChangeStatus_UnknownAddress_Returns404()
    {
        using var response = await _http.SendJsonAsync(HttpMethod.Patch, $"{Addresses}/{Guid.NewGuid()}/status",
            new JsonObject { ["status"] = "ACTIVE" });

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    // ---- delete -------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Delete_Existing_Returns204ThenIsGoneEverywhere()
    {
        var (customer, created) = await CreateWithCustomerAsync();

        using var deleted = await _http.DeleteAsync($"{Alias}/{created["id"]}");
        using var read = await cluster.Silo2.Http.GetAsync(PathOf(created));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await read.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Empty(await ForCustomerAsync(customer));
    }

    [Fact]
    public async Task Delete_StaleVersionQuery_Returns409AndKeepsTheAddress()
    {
        var (_, created) = await CreateWithCustomerAsync();

        using var response = await _http.DeleteAsync($"{PathOf(created)}?version=3");

        await response.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        await GetJsonAsync(PathOf(created));
    }

    [Fact]
    public async Task Delete_StaleIfMatch_Returns412()
    {
        var (_, created) = await CreateWithCustomerAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Delete, PathOf(created), null, r => r.IfMatch("\"9\""));

        await response.ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
    }

    [Fact]
    public async Task Delete_UnknownAddress_Returns404()
    {
        using var response = await _http.DeleteAsync($"{Addresses}/{Guid.NewGuid()}");

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }
}
