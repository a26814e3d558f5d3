using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;
using Npgsql;

namespace Bss.IntegrationTests;

/// <summary>Every customer route and every error status, through HTTP on real silos and real storage.</summary>
[Collection(ApiCluster.Name)]
public class CustomerApiTests(ApiClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.Http;

    private static string PathOf(JsonObject customer) => $"{Api.Customers}/{customer["id"]}";

    [Fact]
    public async Task Create_ValidCustomer_Returns201WithLocationETagAndBody()
    {
        var body = Api.NewCustomer();

        using var response = await _http.SendJsonAsync(HttpMethod.Post, Api.Customers, body);
        var created = await response.ExpectJsonAsync(HttpStatusCode.Created);

        var id = Guid.Parse((string)created["id"]!);
        Assert.Equal($"{Api.Customers}/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal(body["lastName"]!.ToString(), (string?)created["lastName"]);
        Assert.Equal(body["email"]!.ToString(), (string?)created["email"]);
        Assert.Equal("44051401359", (string?)created["pesel"]);
        Assert.Equal("+48600100200", (string?)created["phone"]);
        Assert.Equal("ACTIVE", (string?)created["status"]);
        Assert.Equal("Active", (string?)created["statusDisplayName"]);
        Assert.Equal(1, (int?)created["version"]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", (string?)created["createdAt"]);
        Assert.Equal((string?)created["createdAt"], (string?)created["updatedAt"]);
    }

    [Fact]
    public async Task Create_EmptyOptionalFields_AreStoredAsAbsent()
    {
        var body = Api.NewCustomer();
        body["pesel"] = "";
        body["nip"] = "";
        body["phone"] = "";

        var created = await _http.CreateCustomerAsync(body);

        created.AssertAbsent("pesel", "nip", "phone");
    }

    [Fact]
    public async Task Create_InvalidFields_Returns400NamingEachFieldAndReason()
    {
        var body = Api.NewCustomer();
        body["firstName"] = "A";
        body["email"] = "not-an-email";
        body["pesel"] = "44051401358";
        body["nip"] = "12345";
        body["phone"] = "600-100-200";

        using var response = await _http.SendJsonAsync(HttpMethod.Post, Api.Customers, body);
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        Assert.Equal(["must be between 2 and 50 characters"], problem.FieldErrors("firstName"));
        Assert.Equal(["must be a valid email address"], problem.FieldErrors("email"));
        Assert.Equal(["has an invalid checksum"], problem.FieldErrors("pesel"));
        Assert.Equal(["must be exactly 10 digits"], problem.FieldErrors("nip"));
        Assert.NotEmpty(problem.FieldErrors("phone"));
        Assert.Empty(problem.FieldErrors("lastName"));
    }

    [Fact]
    public async Task Create_MalformedJson_Returns400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Api.Customers)
        {
            Content = new StringContent("{\"firstName\": \"Anna\",", System.Text.Encoding.UTF8, "application/json"),
        };

        using var response = await _http.SendAsync(request);

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "MALFORMED_REQUEST");
    }

    [Fact]
    public async Task Create_FieldOfWrongType_Returns400NamingTheField()
    {
        var body = Api.NewCustomer();
        body["firstName"] = 42;

        using var response = await _http.SendJsonAsync(HttpMethod.Post, Api.Customers, body);
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "MALFORMED_REQUEST");

        Assert.NotEmpty(problem.FieldErrors("firstName"));
    }

    [Fact]
    public async Task Create_SameIdempotencyKeyAndBody_ReplaysTheFirstResponse()
    {
        var body = Api.NewCustomer();
        var key = Guid.NewGuid().ToString();

        using var first = await _http.SendJsonAsync(HttpMethod.Post, Api.Customers, body, r => r.Headers.Add("Idempotency-Key", key));
        using var again = await cluster.Silo2.Http.SendJsonAsync(HttpMethod.Post, Api.Customers, body, r => r.Headers.Add("Idempotency-Key", key));

        var created = await first.ExpectJsonAsync(HttpStatusCode.Created);
        var replayed = await again.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal(created.ToJsonString(), replayed.ToJsonString());
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(first.Headers.ETag, again.Headers.ETag);
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
        var list = await ListAsync($"searchTerm={body["lastName"]}");
        Assert.Equal(1, (int?)list["totalElements"]);
    }

    [Fact]
    public async Task Create_SameIdempotencyKeyOtherBody_Returns422()
    {
        var key = Guid.NewGuid().ToString();
        using var first = await _http.SendJsonAsync(HttpMethod.Post, Api.Customers, Api.NewCustomer(), r => r.Headers.Add("Idempotency-Key", key));
        await first.ExpectJsonAsync(HttpStatusCode.Created);

        using var second = await _http.SendJsonAsync(HttpMethod.Post, Api.Customers, Api.NewCustomer(), r => r.Headers.Add("Idempotency-Key", key));

        await second.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED");
    }

    [Fact]
    public async Task Create_RefusedThenCorrectedUnderOneKey_CreatesTheCustomer()
    {
        var key = Guid.NewGuid().ToString();
        var invalid = Api.NewCustomer();
        invalid["email"] = "not-an-email";
        using var refused = await _http.SendJsonAsync(HttpMethod.Post, Api.Customers, invalid, r => r.Headers.Add("Idempotency-Key", key));
        await refused.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        using var corrected = await _http.SendJsonAsync(HttpMethod.Post, Api.Customers, Api.NewCustomer(), r => r.Headers.Add("Idempotency-Key", key));

        await corrected.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.False(corrected.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task Create_ConcurrentRequestsWithOneKey_CreateOneCustomer()
    {
        var body = Api.NewCustomer();
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            (i % 2 == 0 ? cluster.Silo1 : cluster.Silo2).Http.SendJsonAsync(HttpMethod.Post, Api.Customers, body,
                r => r.Headers.Add("Idempotency-Key", key))));

        var ids = new HashSet<string>();
        foreach (var response in responses)
        {
            ids.Add((string)(await response.ExpectJsonAsync(HttpStatusCode.Created))["id"]!);
            response.Dispose();
        }

        Assert.Single(ids);
        Assert.Single(responses, r => !r.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, (int?)(await ListAsync($"searchTerm={body["lastName"]}"))["totalElements"]);
    }

    [Fact]
    public async Task Create_WithAnIdempotencyKey_WritesTheCustomerOnceWithTheKeyInIt()
    {
        await using var db = NpgsqlDataSource.Create(TestEnvironment.PostgresThroughPgBouncer);
        using var response = await _http.SendJsonAsync(HttpMethod.Post, Api.Customers, Api.NewCustomer(),
            r => r.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString()));
        var id = (string)(await response.ExpectJsonAsync(HttpStatusCode.Created))["id"]!;

        // One row written once (the storage's own version counts its writes), carrying the key's record; no key row.
        await using var command = db.CreateCommand("""
            SELECT (SELECT count(*) FROM orleansstorage WHERE graintypestring = 'idempotency'
                      AND doc ->> 'resourceId' = $1),
                   s.version, s.doc -> 'createdWith' ? 'fingerprint'
            FROM orleansstorage s
            WHERE s.graintypestring = 'customer' AND s.doc ->> 'id' = $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var row = await command.ExecuteReaderAsync();
        Assert.True(await row.ReadAsync());
        Assert.Equal((0L, 1, true), (row.GetInt64(0), row.GetInt32(1), row.GetBoolean(2)));
    }

    [Fact]
    public async Task Create_RepeatedWithTheKeyAfterAnUpdate_ReplaysTheCustomerAsItStandsNow()
    {
        var body = Api.NewCustomer();
        var key = Guid.NewGuid().ToString();
        using var first = await _http.SendJsonAsync(HttpMethod.Post, Api.Customers, body, r => r.Headers.Add("Idempotency-Key", key));
        var created = await first.ExpectJsonAsync(HttpStatusCode.Created);
        var update = Api.NewCustomer();
        update["version"] = 1;
        using var updated = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), update);
        await updated.ExpectJsonAsync(HttpStatusCode.OK);

        using var repeat = await _http.SendJsonAsync(HttpMethod.Post, Api.Customers, body, r => r.Headers.Add("Idempotency-Key", key));

        var replayed = await repeat.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.True(repeat.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(first.Headers.Location, repeat.Headers.Location);
        Assert.Equal("\"2\"", repeat.Headers.ETag?.Tag);
        Assert.Equal(update["lastName"]!.ToString(), (string?)replayed["lastName"]);
    }

    [Fact]
    public async Task Create_OverlongIdempotencyKey_Returns400()
    {
        using var response = await _http.SendJsonAsync(HttpMethod.Post, Api.Customers, Api.NewCustomer(),
            r => r.Headers.Add("Idempotency-Key", new string('k', 201)));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.NotEmpty(problem.FieldErrors("Idempotency-Key"));
    }

    [Fact]
    public async Task Get_ThroughTheOtherSilo_ReturnsTheSameCustomerWithETag()
    {
        var created = await _http.CreateCustomerAsync();

        using var response = await cluster.Silo2.Http.GetAsync(PathOf(created));

        var read = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(created.ToJsonString(), read.ToJsonString());
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Get_UnknownId_Returns404()
    {
        using var response = await _http.GetAsync($"{Api.Customers}/{Guid.NewGuid()}");

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Get_MalformedId_Returns400NamingId()
    {
        using var response = await _http.GetAsync($"{Api.Customers}/not-a-uuid");

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.Equal(["must be a UUID"], problem.FieldErrors("id"));
    }

    [Fact]
    public async Task Update_WithCurrentVersion_Returns200AndNextVersion()
    {
        var created = await _http.CreateCustomerAsync();
        var update = Api.NewCustomer();
        update["id"] = created["id"]!.ToString();
        update["version"] = 1;
        update["lastName"] = "Wiśniewska";

        using var response = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), update);

        var updated = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Wiśniewska", (string?)updated["lastName"]);
        Assert.Equal(2, (int?)updated["version"]);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        Assert.Equal((string?)created["createdAt"], (string?)updated["createdAt"]);
    }

    [Fact]
    public async Task Update_StaleVersionInBody_Returns409()
    {
        var created = await _http.CreateCustomerAsync();
        var update = Api.NewCustomer();
        update["version"] = 1;
        (await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), update)).Dispose();

        using var stale = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), update);

        await stale.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
    }

    [Fact]
    public async Task Update_StaleIfMatch_Returns412()
    {
        var created = await _http.CreateCustomerAsync();
        var update = Api.NewCustomer();

        using var response = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), update, r => r.IfMatch("\"7\""));

        await response.ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
    }

    [Fact]
    public async Task Update_CurrentIfMatch_Returns200()
    {
        var created = await _http.CreateCustomerAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), Api.NewCustomer(), r => r.IfMatch("\"1\""));

        Assert.Equal(2, (int?)(await response.ExpectJsonAsync(HttpStatusCode.OK))["version"]);
    }

    [Fact]
    public async Task Update_WithoutAnyVersion_Returns400NamingVersion()
    {
        var created = await _http.CreateCustomerAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), Api.NewCustomer());

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.NotEmpty(problem.FieldErrors("version"));
    }

    [Fact]
    public async Task Update_InvalidEmail_Returns400AndKeepsTheCustomer()
    {
        var created = await _http.CreateCustomerAsync();
        var update = Api.NewCustomer();
        update["version"] = 1;
        update["email"] = "broken@";

        using var response = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), update);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.NotEmpty(problem.FieldErrors("email"));
        using var read = await _http.GetAsync(PathOf(created));
        Assert.Equal(1, (int?)(await read.ExpectJsonAsync(HttpStatusCode.OK))["version"]);
    }

    [Fact]
    public async Task Update_BodyIdDiffersFromPath_Returns400()
    {
        var created = await _http.CreateCustomerAsync();
        var update = Api.NewCustomer();
        update["version"] = 1;
        update["id"] = Guid.NewGuid().ToString();

        using var response = await _http.SendJsonAsync(HttpMethod.Put, PathOf(created), update);

        Assert.NotEmpty((await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("id"));
    }

    [Fact]
    public async Task Update_UnknownCustomer_Returns404()
    {
        var update = Api.NewCustomer();
        update["version"] = 1;

        using var response = await _http.SendJsonAsync(HttpMethod.Put, $"{Api.Customers}/{Guid.NewGuid()}", update);

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task ChangeStatus_AllowedTransition_Returns200WithDisplayName()
    {
        var created = await _http.CreateCustomerAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/status",
            new JsonObject { ["id"] = created["id"]!.ToString(), ["status"] = "SUSPENDED" });

        var suspended = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("SUSPENDED", (string?)suspended["status"]);
        Assert.Equal("Suspended", (string?)suspended["statusDisplayName"]);
        Assert.Equal(2, (int?)suspended["version"]);
    }

    [Fact]
    public async Task ChangeStatus_FromTerminated_Returns409InvalidTransition()
    {
        var created = await _http.CreateCustomerAsync();
        (await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/status", new JsonObject { ["status"] = "TERMINATED" })).Dispose();

        using var response = await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/status", new JsonObject { ["status"] = "ACTIVE" });

        var problem = await response.ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        Assert.Contains("TERMINATED", (string?)problem["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangeStatus_UnknownStatus_Returns400ListingTheAllowedOnes()
    {
        var created = await _http.CreateCustomerAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/status", new JsonObject { ["status"] = "DELETED" });

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.Contains("ACTIVE, INACTIVE, SUSPENDED, TERMINATED", problem.FieldErrors("status").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangeStatus_StaleIfMatch_Returns412()
    {
        var created = await _http.CreateCustomerAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Put, $"{PathOf(created)}/status",
            new JsonObject { ["status"] = "INACTIVE" }, r => r.IfMatch("\"5\""));

        await response.ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
    }

    [Fact]
    public async Task ChangeStatus_UnknownCustomer_Returns404()
    {
        using var response = await _http.SendJsonAsync(HttpMethod.Put, $"{Api.Customers}/{Guid.NewGuid()}/status",
            new JsonObject { ["status"] = "INACTIVE" });

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Delete_Existing_Returns204ThenIsGoneEverywhere()
    {
        var created = await _http.CreateCustomerAsync();

        using var deleted = await _http.DeleteAsync(PathOf(created));
        using var read = await cluster.Silo2.Http.GetAsync(PathOf(created));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await read.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(0, (int?)(await ListAsync($"searchTerm={created["lastName"]}"))["totalElements"]);
    }

    [Fact]
    public async Task Delete_StaleVersionQuery_Returns409AndKeepsTheCustomer()
    {
        var created = await _http.CreateCustomerAsync();

        using var response = await _http.DeleteAsync($"{PathOf(created)}?version=3");

        await response.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        using var read = await _http.GetAsync(PathOf(created));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task Delete_StaleIfMatch_Returns412()
    {
        var created = await _http.CreateCustomerAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Delete, PathOf(created), null, r => r.IfMatch("\"9\""));

        await response.ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
    }

    [Fact]
    public async Task Delete_UnknownCustomer_Returns404()
    {
        using var response = await _http.DeleteAsync($"{Api.Customers}/{Guid.NewGuid()}");

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task UnknownRoute_Returns404ProblemJson()
    {
        using var response = await _http.GetAsync("/api/v1/no-such-resource");

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    private async Task<JsonObject> ListAsync(string query)
    {
        using var response = await _http.GetAsync($"{Api.Customers}?{query}");
        return await response.ExpectJsonAsync(HttpStatusCode.OK);
    }
}
