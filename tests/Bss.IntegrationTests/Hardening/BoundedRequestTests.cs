using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests.Hardening;

/// <summary>
/// What one request may cost: page depth, search length, billing dates, body size, array counts, and text that
/// PostgreSQL cannot store — each refused with a problem naming the field, before any work is done.
/// </summary>
[Collection(ApiCluster.Name)]
public class BoundedRequestTests(ApiClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.Http;

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    [Theory]
    [InlineData("/api/v1/customers?page=501&size=20")]
    [InlineData("/api/v1/invoices?page=101&size=100")]
    [InlineData("/api/v1/products?page=10000000")]
    public async Task List_PageBeyondTenThousandEntries_Returns400NamingPage(string url)
    {
        using var response = await _http.GetAsync(url);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.Contains("10,000", Assert.Single(problem.FieldErrors("page")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_LastPageWithinTenThousandEntries_IsServed()
    {
        using var response = await _http.GetAsync("/api/v1/customers?page=500&size=20");

        var page = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(500, (int?)page["page"]);
    }

    [Theory]
    [InlineData("/api/v1/customers?searchTerm=ab", "searchTerm")]
    [InlineData("/api/v1/products?searchTerm=%20x%20", "searchTerm")]
    [InlineData("/api/v1/invoices?query=FV", "query")]
    public async Task List_SearchShorterThanThreeCharacters_Returns400NamingIt(string url, string field)
    {
        using var response = await _http.GetAsync(url);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.Contains("at least 3", Assert.Single(problem.FieldErrors(field)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_StringsHoldingNul_Return400NamingTheField_AndStoreNothing()
    {
        var code = "NUL" + Guid.NewGuid().ToString("N")[..8];
        foreach (var field in new[] { "name", "description", "createdBy" })
        {
            var body = CatalogApi.NewProduct(code);
            body[field] = "before\u0000after";

            using var response = await _http.SendJsonAsync(HttpMethod.Post, CatalogApi.Products, body);

            var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
            Assert.Contains("U+0000", Assert.Single(problem.FieldErrors(field)), StringComparison.Ordinal);
        }

        var listed = await _http.GetJsonAsync($"{CatalogApi.Products}?searchTerm={code}");
        Assert.Equal(0, (int?)listed["totalElements"]);
    }

    [Fact]
    public async Task Create_NulInANestedFieldOrAQueryParameter_Returns400NamingIt()
    {
        var body = CatalogApi.NewProduct("NST" + Guid.NewGuid().ToString("N")[..8]);
        body["usageAllowances"] = new JsonArray(new JsonObject { ["usageType"] = "DATA\u0000", ["included"] = 1, ["unitPrice"] = 1 });

        using var nested = await _http.SendJsonAsync(HttpMethod.Post, CatalogApi.Products, body);
        using var query = await _http.GetAsync("/api/v1/customers?searchTerm=abc%00def");

        Assert.NotEmpty((await nested.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("usageAllowances[0].usageType"));
        Assert.NotEmpty((await query.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("searchTerm"));
    }

    [Fact]
    public async Task Create_LoneSurrogate_Returns400NamingTheField()
    {
        using var content = new StringContent("{\"firstName\":\"Anna\\ud800\",\"lastName\":\"Nowak\",\"email\":\"a@example.com\"}",
            Encoding.UTF8, "application/json");

        using var response = await _http.PostAsync(Api.Customers, content);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.NotEmpty(problem.FieldErrors("firstName"));
    }

    [Fact]
    public async Task Create_ArrayOverTheItemLimit_Returns400NamingTheArray()
    {
        var body = new JsonObject { ["name"] = "x", ["features"] = new JsonArray(Enumerable.Range(0, 1001).Select(_ => (JsonNode)"f").ToArray()) };

        using var response = await _http.SendJsonAsync(HttpMethod.Post, "/api/v1/services", body);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.Contains("at most 1000 items", Assert.Single(problem.FieldErrors("features")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Create_BodyOverTheSizeLimit_Returns413Problem(bool chunked)
    {
        var json = "{\"firstName\":\"" + new string('a', 300 * 1024) + "\"}";
        using HttpContent content = chunked
            ? new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)))
            : new StringContent(json, Encoding.UTF8, "application/json");
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        if (chunked)
        {
            content.Headers.ContentLength = null;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, Api.Customers) { Content = content };
        request.Headers.TransferEncodingChunked = chunked;
        using var response = await _http.SendAsync(request);

        await response.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
    }

    [Fact]
    public async Task BillingDates_OutsideTheWindow_Return400NamingTheDate()
    {
        var customer = await _http.CreateCustomerAsync();
        var tooEarly = Day(Today.AddDays(-401));
        var tooLate = Day(Today.AddDays(TestEnvironment.BillingDateFutureDays + 1));

        using var runEarly = await _http.PostAsync($"/api/v1/billing/accounts/{customer["id"]}/run?date={tooEarly}", null);
        using var runLate = await _http.PostAsync($"/api/v1/billing/accounts/{customer["id"]}/run?date={tooLate}", null);
        using var preview = await _http.PostAsync($"/api/v1/invoices/preview?customerId={customer["id"]}&date={tooLate}", null);
        using var cycle = await _http.SendJsonAsync(HttpMethod.Post, "/api/v1/billing/cycles", new JsonObject { ["cycleDate"] = tooEarly });

        foreach (var (response, field) in new[] { (runEarly, "date"), (runLate, "date"), (preview, "date"), (cycle, "cycleDate") })
        {
            var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
            Assert.Contains("days before today", Assert.Single(problem.FieldErrors(field)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task BillingPreview_OnTheWindowsEdges_IsServed()
    {
        var customer = await _http.CreateCustomerAsync();

        using var earliest = await _http.PostAsync($"/api/v1/invoices/preview?customerId={customer["id"]}&date={Day(Today.AddDays(-399))}", null);
        using var latest = await _http.PostAsync($"/api/v1/invoices/preview?customerId={customer["id"]}&date={Day(Today.AddDays(31))}", null);

        await earliest.ExpectJsonAsync(HttpStatusCode.OK);
        await latest.ExpectJsonAsync(HttpStatusCode.OK);
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>A request that outlasts its route's timeout is answered 504 at the timeout, and its query is cancelled.</summary>
public class RequestTimeoutTests
{
    [Fact]
    public async Task List_WhileTheDatabaseHangs_Answers504AtTheTimeout_NotAtTheConnectTimeout()
    {
        await using var proxy = new TcpProxy(TestEnvironment.PgBouncerPort);
        // No pool: every query opens a connection, so once the proxy stalls each one hangs (a pooled connection the
        // proxy closed would fail at once instead).
        var postgres = new Npgsql.NpgsqlConnectionStringBuilder(TestEnvironment.PostgresThroughPgBouncer) { Port = proxy.Port, Timeout = 30, Pooling = false };
        var options = SiloProcess.NewOptions("it-timeout-" + Guid.NewGuid().ToString("N")[..8], "timeout") with
        {
            Postgres = postgres.ConnectionString,
            Environment = new Dictionary<string, string> { ["Limits__RequestTimeout"] = "00:00:02" },
        };
        await using var silo = await SiloProcess.StartAsync(options);
        await silo.Http.CreateCustomerAsync();

        proxy.Stall();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var list = await silo.Http.GetAsync(Api.Customers);
        clock.Stop();
        // Back to normal, so the silo shuts down without waiting on hung connections.
        proxy.Cut();
        proxy.Restore();

        await list.ExpectProblemAsync(HttpStatusCode.GatewayTimeout, "REQUEST_TIMEOUT");
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(10));
    }
}
