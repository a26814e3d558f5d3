using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests;

/// <summary>The address list: filters, search, paging, sort and stats over the documents read table.</summary>
[Collection(ApiCluster.Name)]
public class AddressListTests(ApiClusterFixture cluster)
{
    private const string Addresses = "/api/v1/addresses";

    private readonly HttpClient _http = cluster.Http;

    private async Task<JsonObject> CreateAsync(JsonObject customer, string marker, string type = "BILLING", string country = "PL",
        string city = "Warszawa", string postalCode = "00-950")
    {
        var body = new JsonObject
        {
            ["customerId"] = customer["id"]!.ToString(),
            ["type"] = type,
            ["street"] = $"Ulica {marker}",
            ["houseNumber"] = "1",
            ["postalCode"] = postalCode,
            ["city"] = city,
            ["country"] = country,
        };
        using var response = await _http.SendJsonAsync(HttpMethod.Post, Addresses, body);
        return await response.ExpectJsonAsync(HttpStatusCode.Created);
    }

    private static string NewMarker() => "L" + Guid.NewGuid().ToString("N")[..10];

    private async Task<JsonObject> ListAsync(string query, string basePath = Addresses)
    {
        using var response = await _http.GetAsync($"{basePath}?{query}");
        return await response.ExpectJsonAsync(HttpStatusCode.OK);
    }

    private static IEnumerable<string?> Ids(JsonObject page) => page["content"]!.AsArray().Select(a => (string?)a!["id"]);

    [Fact]
    public async Task List_ThroughTheAlias_HasThePageShape()
    {
        var customer = await _http.CreateCustomerAsync();
        await CreateAsync(customer, NewMarker());

        var page = await ListAsync($"customerId={customer["id"]}", "/api/addresses");

        Assert.Equal(0, (int?)page["page"]);
        Assert.Equal(20, (int?)page["size"]);
        Assert.Equal(1, (int?)page["totalElements"]);
        Assert.Equal(1, (int?)page["totalPages"]);
        Assert.True((bool?)page["first"]);
        Assert.True((bool?)page["last"]);
        Assert.Equal(1, (int?)page["numberOfElements"]);
        Assert.False((bool?)page["empty"]);
    }

    [Fact]
    public async Task List_Filters_SelectByCustomerTypeStatusAndCountry()
    {
        var customer = await _http.CreateCustomerAsync();
        var marker = NewMarker();
        var billing = await CreateAsync(customer, marker);
        var shipping = await CreateAsync(customer, marker, type: "SHIPPING", country: "DE");
        var other = await CreateAsync(await _http.CreateCustomerAsync(), marker);
        (await _http.SendJsonAsync(HttpMethod.Patch, $"{Addresses}/{shipping["id"]}/status", new JsonObject { ["status"] = "ACTIVE" })).Dispose();

        Assert.Equal([(string?)shipping["id"], (string?)billing["id"]], Ids(await ListAsync($"customerId={customer["id"]}")));
        Assert.Equal([(string?)other["id"], (string?)billing["id"]], Ids(await ListAsync($"searchTerm={marker}&type=billing")));
        Assert.Equal([(string?)shipping["id"]], Ids(await ListAsync($"searchTerm={marker}&status=ACTIVE")));
        Assert.Equal([(string?)shipping["id"]], Ids(await ListAsync($"searchTerm={marker}&country=DE")));
        Assert.Empty(Ids(await ListAsync($"customerId={customer["id"]}&type=SHIPPING&country=PL")));
    }

    [Fact]
    public async Task List_SearchTerm_FindsByStreetCityPostalCodeOrCustomerName()
    {
        var customer = await _http.CreateCustomerAsync();
        var marker = NewMarker();
        var city = "Miasto" + marker;
        var postalCode = $"{Random.Shared.Next(10, 99)}-{Random.Shared.Next(100, 999)}";
        var created = await CreateAsync(customer, marker, city: city, postalCode: postalCode);

        foreach (var term in new[] { marker.ToLowerInvariant(), city.ToUpperInvariant(), (string)customer["lastName"]! })
        {
            Assert.Equal([(string?)created["id"]], Ids(await ListAsync($"searchTerm={Uri.EscapeDataString(term)}")));
        }

        Assert.Contains((string?)created["id"], Ids(await ListAsync($"searchTerm={postalCode}&size=100")));
    }

    [Fact]
    public async Task List_PagesAndSorts()
    {
        var customer = await _http.CreateCustomerAsync();
        var marker = NewMarker();
        foreach (var city in new[] { "Zakopane", "Gdańsk", "Opole" })
        {
            await CreateAsync(customer, marker, city: city);
        }

        var sorted = await ListAsync($"customerId={customer["id"]}&sort=city,asc");
        var second = await ListAsync($"customerId={customer["id"]}&sort=city,desc&size=2&page=1");

        Assert.Equal(["Gdańsk", "Opole", "Zakopane"], sorted["content"]!.AsArray().Select(a => (string?)a!["city"]));
        Assert.Equal(["Gdańsk"], second["content"]!.AsArray().Select(a => (string?)a!["city"]));
        Assert.Equal(2, (int?)second["totalPages"]);
        Assert.True((bool?)second["last"]);
    }

    [Theory]
    [InlineData("size=101", "size")]
    [InlineData("sort=houseNumber", "sort")]
    [InlineData("customerId=42", "customerId")]
    [InlineData("type=HOME", "type")]
    [InlineData("status=VERIFIED", "status")]
    [InlineData("country=US", "country")]
    public async Task List_BadQuery_Returns400NamingTheParameter(string query, string field)
    {
        using var response = await _http.GetAsync($"{Addresses}?{query}");

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.NotEmpty(problem.FieldErrors(field));
    }

    [Fact]
    public async Task Stats_CountEveryStatus_AndFollowAStatusChange()
    {
        var before = await StatsAsync();
        var created = await CreateAsync(await _http.CreateCustomerAsync(), NewMarker());
        await CreateAsync(await _http.CreateCustomerAsync(), NewMarker());
        (await _http.SendJsonAsync(HttpMethod.Patch, $"{Addresses}/{created["id"]}/status", new JsonObject { ["status"] = "INACTIVE" })).Dispose();

        var after = await StatsAsync();

        Assert.Equal(["PENDING", "ACTIVE", "INACTIVE"], after["byStatus"]!.AsObject().Select(p => p.Key));
        Assert.Equal((long)before["total"]! + 2, (long)after["total"]!);
        Assert.Equal((long)before["byStatus"]!["PENDING"]! + 1, (long)after["byStatus"]!["PENDING"]!);
        Assert.Equal((long)before["byStatus"]!["INACTIVE"]! + 1, (long)after["byStatus"]!["INACTIVE"]!);
    }

    private async Task<JsonObject> StatsAsync()
    {
        using var response = await _http.GetAsync("/api/addresses/stats");
        return await response.ExpectJsonAsync(HttpStatusCode.OK);
    }
}
