using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;
using Npgsql;

namespace Bss.IntegrationTests;

/// <summary>The query side: paging, sort, filters and search over the read table, and its agreement with grain state.</summary>
[Collection(ApiCluster.Name)]
public class CustomerListTests(ApiClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.Http;

    [Fact]
    public async Task List_Defaults_HavePageShapeTheFrontendReads()
    {
        await _http.CreateCustomerAsync();

        var page = await ListAsync("");

        Assert.Equal(0, (int?)page["page"]);
        Assert.Equal(20, (int?)page["size"]);
        Assert.True((long?)page["totalElements"] >= 1);
        Assert.True((bool?)page["first"]);
        Assert.False((bool?)page["empty"]);
        Assert.Equal(page["content"]!.AsArray().Count, (int?)page["numberOfElements"]);
        var createdAts = page["content"]!.AsArray().Select(c => (string)c!["createdAt"]!).ToList();
        Assert.Equal(createdAts.OrderDescending(StringComparer.Ordinal), createdAts);
    }

    [Fact]
    public async Task List_PagesThroughOneSearch()
    {
        var marker = "P" + Guid.NewGuid().ToString("N")[..10];
        for (var i = 0; i < 5; i++)
        {
            await _http.CreateCustomerAsync(Api.NewCustomer(marker));
        }

        var first = await ListAsync($"searchTerm={marker}&size=2&page=0");
        var last = await ListAsync($"searchTerm={marker}&size=2&page=2");
        var beyond = await ListAsync($"searchTerm={marker}&size=2&page=3");

        Assert.Equal(5, (int?)first["totalElements"]);
        Assert.Equal(3, (int?)first["totalPages"]);
        Assert.Equal(2, first["content"]!.AsArray().Count);
        Assert.False((bool?)first["last"]);
        Assert.Single(last["content"]!.AsArray());
        Assert.True((bool?)last["last"]);
        Assert.True((bool?)beyond["empty"]);
        Assert.Equal(5, (int?)beyond["totalElements"]);
    }

    [Theory]
    [InlineData("lastName")]
    [InlineData("email")]
    [InlineData("pesel")]
    [InlineData("nip")]
    public async Task List_SearchTerm_FindsByNameEmailPeselOrNip(string field)
    {
        var body = Api.NewCustomer();
        body["pesel"] = "02070803628";
        body["nip"] = Random.Shared.NextInt64(1_000_000_000, 9_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var created = await _http.CreateCustomerAsync(body);
        var term = field switch
        {
            "lastName" => body["lastName"]!.ToString()[5..].ToUpperInvariant(),
            "email" => body["email"]!.ToString(),
            "pesel" => "02070803628",
            _ => body["nip"]!.ToString(),
        };

        var page = await ListAsync($"searchTerm={Uri.EscapeDataString(term)}&size=100");

        Assert.Contains(page["content"]!.AsArray(), c => (string?)c!["id"] == (string?)created["id"]);
    }

    [Fact]
    public async Task List_SearchTermWithLikeWildcards_MatchesLiterally()
    {
        var page = await ListAsync("searchTerm=%25_%25");

        Assert.Equal(0, (int?)page["totalElements"]);
    }

    [Fact]
    public async Task List_StatusFilter_ReturnsOnlyThatStatus()
    {
        var marker = "S" + Guid.NewGuid().ToString("N")[..10];
        var suspended = await _http.CreateCustomerAsync(Api.NewCustomer(marker));
        await _http.CreateCustomerAsync(Api.NewCustomer(marker));
        (await _http.SendJsonAsync(HttpMethod.Put, $"{Api.Customers}/{suspended["id"]}/status", new JsonObject { ["status"] = "SUSPENDED" })).Dispose();

        var page = await ListAsync($"searchTerm={marker}&status=suspended");

        var only = Assert.Single(page["content"]!.AsArray());
        Assert.Equal((string?)suspended["id"], (string?)only!["id"]);
        Assert.Equal("SUSPENDED", (string?)only["status"]);
        Assert.Equal("Suspended", (string?)only["statusDisplayName"]);
    }

    [Fact]
    public async Task List_SortByFirstNameAscending_Orders()
    {
        var marker = "O" + Guid.NewGuid().ToString("N")[..10];
        foreach (var name in new[] { "Zofia", "Adam", "Marta" })
        {
            var body = Api.NewCustomer(marker);
            body["firstName"] = name;
            await _http.CreateCustomerAsync(body);
        }

        var page = await ListAsync($"searchTerm={marker}&sort=firstName,asc");

        Assert.Equal(["Adam", "Marta", "Zofia"], page["content"]!.AsArray().Select(c => (string)c!["firstName"]!));
    }

    [Fact]
    public async Task List_AfterAnUpdate_ShowsTheNewStateAtOnce()
    {
        var created = await _http.CreateCustomerAsync();
        var update = Api.NewCustomer();
        update["version"] = 1;
        update["lastName"] = created["lastName"]!.ToString();
        update["firstName"] = "Renamed";
        (await _http.SendJsonAsync(HttpMethod.Put, $"{Api.Customers}/{created["id"]}", update)).Dispose();

        var page = await ListAsync($"searchTerm={created["lastName"]}");

        var row = Assert.Single(page["content"]!.AsArray());
        Assert.Equal("Renamed", (string?)row!["firstName"]);
        Assert.Equal(2, (int?)row["version"]);
    }

    [Fact]
    public async Task Stats_CountEveryStatus_AndGrowWithACreate()
    {
        var before = await StatsAsync();
        var created = await _http.CreateCustomerAsync();
        (await _http.SendJsonAsync(HttpMethod.Put, $"{Api.Customers}/{created["id"]}/status", new JsonObject { ["status"] = "INACTIVE" })).Dispose();

        var after = await StatsAsync();

        Assert.Equal(["ACTIVE", "INACTIVE", "SUSPENDED", "TERMINATED"], after["byStatus"]!.AsObject().Select(p => p.Key));
        Assert.Equal((long)before["total"]! + 1, (long)after["total"]!);
        Assert.Equal((long)before["byStatus"]!["INACTIVE"]! + 1, (long)after["byStatus"]!["INACTIVE"]!);
        Assert.Equal((long)after["total"]!, after["byStatus"]!.AsObject().Sum(p => (long)p.Value!));
    }

    [Theory]
    [InlineData("size=0", "size")]
    [InlineData("size=101", "size")]
    [InlineData("page=-1", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("sort=password,asc", "sort")]
    [InlineData("sort=lastName,sideways", "sort")]
    [InlineData("status=GONE", "status")]
    public async Task List_BadQuery_Returns400NamingTheParameter(string query, string field)
    {
        using var response = await _http.GetAsync($"{Api.Customers}?{query}");

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.NotEmpty(problem.FieldErrors(field));
    }

    [Fact]
    public async Task ReadTable_AgreesWithEveryStoredCustomerState()
    {
        await _http.CreateCustomerAsync();
        await using var db = NpgsqlDataSource.Create(TestEnvironment.PostgresDirect);
        await using var command = db.CreateCommand(
            """
            WITH live AS (
                SELECT * FROM orleansstorage
                WHERE graintypestring = 'customer' AND doc IS NOT NULL AND NOT coalesce((doc ->> 'isDeleted')::boolean, false)
            )
            SELECT
                (SELECT count(*) FROM live) AS live_states,
                (SELECT count(*) FROM orleansstorage WHERE kind = 'customer') AS read_rows,
                (SELECT count(*) FROM live WHERE kind = 'customer' AND id = (doc ->> 'id')::uuid
                   AND status = doc ->> 'status' AND created_at = (doc ->> 'createdAt')::timestamptz
                   AND updated_at = (doc ->> 'updatedAt')::timestamptz) AS matching
            """);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();

        var live = reader.GetInt64(0);
        Assert.True(live > 0);
        Assert.Equal(live, reader.GetInt64(1));
        Assert.Equal(live, reader.GetInt64(2));
    }

    private async Task<JsonObject> StatsAsync()
    {
        using var response = await _http.GetAsync($"{Api.Customers}/stats");
        return await response.ExpectJsonAsync(HttpStatusCode.OK);
    }

    private async Task<JsonObject> ListAsync(string query)
    {
        using var response = await _http.GetAsync($"{Api.Customers}?{query}");
        return await response.ExpectJsonAsync(HttpStatusCode.OK);
    }
}
