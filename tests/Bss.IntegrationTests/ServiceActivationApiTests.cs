using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests;

/// <summary>Activations and eligibility over HTTP on real silos and storage, under /api/v1/services and the alias.</summary>
[Collection(ApiCluster.Name)]
public class ServiceActivationApiTests(ApiClusterFixture cluster)
{
    private const string Activations = ServiceApiTests.Services + "/activations";
    private const string AliasActivations = ServiceApiTests.Alias + "/activations";

    private readonly HttpClient _http = cluster.Http;

    private static JsonObject Request(JsonObject service, JsonObject customer, string? startDate = null) => new()
    {
        ["serviceId"] = service["id"]!.ToString(),
        ["customerId"] = customer["id"]!.ToString(),
        ["startDate"] = startDate,
        ["notes"] = "installation at the front door",
    };

    private async Task<(JsonObject Service, JsonObject Customer)> ServiceAndCustomerAsync(Action<JsonObject>? shape = null)
    {
        var body = ServiceApiTests.NewService();
        shape?.Invoke(body);
        return (await ServiceApiTests.CreateServiceAsync(_http, body), await _http.CreateCustomerAsync());
    }

    private async Task<JsonObject> ActivateAsync(JsonObject service, JsonObject customer, string? startDate = null)
    {
        using var response = await _http.SendJsonAsync(HttpMethod.Post, Activations, Request(service, customer, startDate));
        return await response.ExpectJsonAsync(HttpStatusCode.Created);
    }

    private async Task<JsonObject> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        return await response.ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Activate_ActiveCustomerAndService_Returns201ActiveAndCountsTheCustomer()
    {
        var (service, customer) = await ServiceAndCustomerAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Post, Activations, Request(service, customer));
        var activation = await response.ExpectJsonAsync(HttpStatusCode.Created);

        Assert.Equal($"{Activations}/{activation["id"]}", response.Headers.Location?.OriginalString);
        Assert.Equal("ACTIVE", (string?)activation["status"]);
        Assert.Equal("Active", (string?)activation["statusDisplayName"]);
        Assert.Equal((string?)service["code"], (string?)activation["serviceCode"]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", (string?)activation["startDate"]);
        Assert.NotNull(activation["activatedAt"]);
        var read = await GetJsonAsync($"{ServiceApiTests.Services}/{service["id"]}");
        Assert.Equal(1, (int?)read["activeCustomerCount"]);
    }

    [Fact]
    public async Task Activate_FutureStartDate_IsScheduledAndNotCounted()
    {
        var (service, customer) = await ServiceAndCustomerAsync();

        var activation = await ActivateAsync(service, customer, DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd"));

        Assert.Equal("SCHEDULED", (string?)activation["status"]);
        Assert.Equal(0, (int?)(await GetJsonAsync($"{ServiceApiTests.Services}/{service["id"]}"))["activeCustomerCount"]);
    }

    [Fact]
    public async Task Activate_SecondOpenActivationOfTheSamePair_Returns409()
    {
        var (service, customer) = await ServiceAndCustomerAsync();
        await ActivateAsync(service, customer);

        using var response = await _http.SendJsonAsync(HttpMethod.Post, AliasActivations, Request(service, customer));

        Assert.NotEmpty((await response.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT")).FieldErrors("serviceId"));
        Assert.Equal(1, (int?)(await GetJsonAsync($"{ServiceApiTests.Services}/{service["id"]}"))["activeCustomerCount"]);
    }

    [Fact]
    public async Task Activate_ConcurrentForTheSamePair_OpensOne()
    {
        var (service, customer) = await ServiceAndCustomerAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            (i % 2 == 0 ? cluster.Silo1 : cluster.Silo2).Http.SendJsonAsync(HttpMethod.Post, Activations, Request(service, customer))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(1, (int?)(await GetJsonAsync($"{ServiceApiTests.Services}/{service["id"]}"))["activeCustomerCount"]);
    }

    [Fact]
    public async Task Activate_InactiveService_Returns409()
    {
        var (service, customer) = await ServiceAndCustomerAsync(s => s["status"] = "PLANNED");

        using var response = await _http.SendJsonAsync(HttpMethod.Post, Activations, Request(service, customer));

        Assert.Contains("PLANNED", (string?)(await response.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT"))["message"],
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Activate_UnknownCustomer_Returns404()
    {
        var (service, _) = await ServiceAndCustomerAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Post, Activations,
            Request(service, new JsonObject { ["id"] = Guid.NewGuid().ToString() }));

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Activate_MalformedIds_Returns400NamingEach()
    {
        using var response = await _http.SendJsonAsync(HttpMethod.Post, Activations, new JsonObject { ["serviceId"] = "x" });

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.Equal(["must be a UUID"], problem.FieldErrors("serviceId"));
        Assert.Equal(["is required"], problem.FieldErrors("customerId"));
    }

    [Fact]
    public async Task Activate_SameIdempotencyKey_ReplaysAndCountsOnce()
    {
        var (service, customer) = await ServiceAndCustomerAsync();
        var key = Guid.NewGuid().ToString();

        using var first = await _http.SendJsonAsync(HttpMethod.Post, Activations, Request(service, customer), r => r.Headers.Add("Idempotency-Key", key));
        using var again = await cluster.Silo2.Http.SendJsonAsync(HttpMethod.Post, Activations, Request(service, customer),
            r => r.Headers.Add("Idempotency-Key", key));
        using var other = await _http.SendJsonAsync(HttpMethod.Post, Activations, Request(service, customer, "2020-01-01"),
            r => r.Headers.Add("Idempotency-Key", key));

        Assert.Equal((await first.ExpectJsonAsync(HttpStatusCode.Created)).ToJsonString(),
            (await again.ExpectJsonAsync(HttpStatusCode.Created)).ToJsonString());
        await other.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED");
        Assert.Equal(1, (int?)(await GetJsonAsync($"{ServiceApiTests.Services}/{service["id"]}"))["activeCustomerCount"]);
    }

    [Fact]
    public async Task Get_ThroughAlias_ReturnsTheActivationWithETag()
    {
        var (service, customer) = await ServiceAndCustomerAsync();
        var activation = await ActivateAsync(service, customer);

        using var response = await cluster.Silo2.Http.GetAsync($"{AliasActivations}/{activation["id"]}");

        Assert.Equal(activation.ToJsonString(), (await response.ExpectJsonAsync(HttpStatusCode.OK)).ToJsonString());
        Assert.Equal($"\"{activation["version"]}\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Get_UnknownAndMalformedIds_Return404And400()
    {
        using var unknown = await _http.GetAsync($"{Activations}/{Guid.NewGuid()}");
        using var malformed = await _http.GetAsync($"{Activations}/nope");

        await unknown.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await malformed.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
    }

    [Fact]
    public async Task List_ByCustomer_PagesUnderV1AndIsAnArrayUnderTheAlias()
    {
        var (service, customer) = await ServiceAndCustomerAsync();
        var other = await ServiceApiTests.CreateServiceAsync(_http);
        await ActivateAsync(service, customer);
        await ActivateAsync(other, customer);

        var page = await GetJsonAsync($"{Activations}?customerId={customer["id"]}&size=1&sort=serviceCode,asc");
        var active = await GetJsonAsync($"{Activations}?customerId={customer["id"]}&serviceId={other["id"]}&status=ACTIVE");
        using var alias = await _http.GetAsync($"{AliasActivations}?customerId={customer["id"]}");

        Assert.Equal(2, (int?)page["totalElements"]);
        Assert.Single(page["content"]!.AsArray());
        Assert.Equal((string?)other["id"], (string?)active["content"]![0]!["serviceId"]);
        Assert.Equal(2, JsonNode.Parse(await alias.Content.ReadAsStringAsync())!.AsArray().Count);
    }

    [Fact]
    public async Task List_BadFilters_Returns400NamingEach()
    {
        using var response = await _http.GetAsync($"{Activations}?customerId=x&status=ON");

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.NotEmpty(problem.FieldErrors("customerId"));
        Assert.NotEmpty(problem.FieldErrors("status"));
    }

    [Fact]
    public async Task Deactivate_Active_Returns200InactiveAndUncounts()
    {
        var (service, customer) = await ServiceAndCustomerAsync();
        var activation = await ActivateAsync(service, customer);

        using var response = await _http.SendJsonAsync(HttpMethod.Post, $"{Activations}/{activation["id"]}/deactivate",
            new JsonObject { ["reason"] = "moving out" });

        var inactive = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("INACTIVE", (string?)inactive["status"]);
        Assert.Equal("moving out", (string?)inactive["deactivationReason"]);
        Assert.NotNull(inactive["endDate"]);
        Assert.Equal(0, (int?)(await GetJsonAsync($"{ServiceApiTests.Services}/{service["id"]}"))["activeCustomerCount"]);
        await ActivateAsync(service, customer);
    }

    [Fact]
    public async Task Deactivate_ScheduledWithoutBody_IsCancelled()
    {
        var (service, customer) = await ServiceAndCustomerAsync();
        var activation = await ActivateAsync(service, customer, DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd"));

        using var response = await _http.PostAsync($"{AliasActivations}/{activation["id"]}/deactivate", null);

        Assert.Equal("CANCELLED", (string?)(await response.ExpectJsonAsync(HttpStatusCode.OK))["status"]);
    }

    [Fact]
    public async Task Deactivate_Twice_Returns409InvalidTransition()
    {
        var (service, customer) = await ServiceAndCustomerAsync();
        var activation = await ActivateAsync(service, customer);
        (await _http.PostAsync($"{Activations}/{activation["id"]}/deactivate", null)).Dispose();

        using var response = await _http.PostAsync($"{Activations}/{activation["id"]}/deactivate", null);

        await response.ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
    }

    [Fact]
    public async Task Deactivate_StaleVersionAndIfMatch_Return409And412()
    {
        var (service, customer) = await ServiceAndCustomerAsync();
        var activation = await ActivateAsync(service, customer);
        var path = $"{Activations}/{activation["id"]}/deactivate";

        using var stale = await _http.SendJsonAsync(HttpMethod.Post, path, new JsonObject { ["version"] = 1 });
        using var staleIfMatch = await _http.SendJsonAsync(HttpMethod.Post, path, null, r => r.IfMatch("\"1\""));

        await stale.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        await staleIfMatch.ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
    }

    [Fact]
    public async Task Deactivate_FutureEndDate_Returns400NamingEndDate()
    {
        var (service, customer) = await ServiceAndCustomerAsync();
        var activation = await ActivateAsync(service, customer);

        using var response = await _http.SendJsonAsync(HttpMethod.Post, $"{Activations}/{activation["id"]}/deactivate",
            new JsonObject { ["endDate"] = DateTime.UtcNow.AddDays(5).ToString("yyyy-MM-dd") });

        Assert.NotEmpty((await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("endDate"));
    }

    [Fact]
    public async Task Deactivate_Unknown_Returns404()
    {
        using var response = await _http.PostAsync($"{Activations}/{Guid.NewGuid()}/deactivate", null);

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Statistics_RevenueIsPriceTimesActiveCustomers()
    {
        var before = await GetJsonAsync($"{ServiceApiTests.Services}/statistics");
        var (service, customer) = await ServiceAndCustomerAsync(s => s["price"] = 1234.5m);
        await ActivateAsync(service, customer);
        await ActivateAsync(service, await _http.CreateCustomerAsync());

        var after = await GetJsonAsync($"{ServiceApiTests.Services}/statistics");

        Assert.Equal((decimal)before["totalRevenue"]! + 2469m, (decimal)after["totalRevenue"]!);
        Assert.NotNull(after["mostPopularService"]?["id"]);
        Assert.NotNull(after["topRevenueService"]?["id"]);
    }

    [Fact]
    public async Task CheckEligibility_ActiveCustomerAndService_IsEligible()
    {
        var (service, customer) = await ServiceAndCustomerAsync();

        using var response = await _http.PostAsync($"{ServiceApiTests.Services}/check-eligibility?customerId={customer["id"]}&serviceCode={service["code"]}", null);

        var answer = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True((bool?)answer["eligible"]);
        Assert.Empty(answer["reasons"]!.AsArray());
    }

    [Fact]
    public async Task CheckEligibility_AlreadyActivatedAndAtMaximum_ListsBothReasons()
    {
        var (service, customer) = await ServiceAndCustomerAsync(s => s["maxCustomerCount"] = 1);
        await ActivateAsync(service, customer);

        using var response = await _http.PostAsync($"{ServiceApiTests.Alias}/check-eligibility?customerId={customer["id"]}&serviceCode={service["code"]}", null);

        var answer = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.False((bool?)answer["eligible"]);
        Assert.Equal(2, answer["reasons"]!.AsArray().Count);
    }

    [Fact]
    public async Task CheckEligibility_UnknownCustomerAndCode_ListsBoth()
    {
        using var response = await _http.PostAsync($"{ServiceApiTests.Services}/check-eligibility?customerId={Guid.NewGuid()}&serviceCode=NO-SUCH", null);

        var answer = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.False((bool?)answer["eligible"]);
        Assert.Equal(2, answer["reasons"]!.AsArray().Count);
    }

    [Fact]
    public async Task CheckEligibility_MissingParameters_Returns400NamingEach()
    {
        using var response = await _http.PostAsync($"{ServiceApiTests.Services}/check-eligibility?customerId=nope", null);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.NotEmpty(problem.FieldErrors("customerId"));
        Assert.NotEmpty(problem.FieldErrors("serviceCode"));
    }
}
