using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Bss.IntegrationTests.Security;

/// <summary>
/// Every route of the OpenAPI document against every caller: anonymous → 401, a role below the route's
/// (x-required-role) → 403, that role and above → neither. Requests carry random ids and a malformed body, so an
/// allowed caller is answered 400/404 without anything being changed.
/// </summary>
[Collection(ApiCluster.Name)]
public class RouteMatrixTests(ApiClusterFixture cluster, ITestOutputHelper output)
{
    /// <summary>The realm's roles from lowest to highest, as x-required-role names them; VIEWER and ANALYST share a level.</summary>
    private static readonly Dictionary<string, int> Level = new()
    {
        ["VIEWER"] = 0, ["ANALYST"] = 0, ["OPERATOR"] = 1, ["MANAGER"] = 2, ["ADMIN"] = 3, ["SUPER_ADMIN"] = 4,
    };

    private static readonly Dictionary<string, string> RoleOf = new()
    {
        [Identity.Viewer] = "VIEWER", [Identity.Analyst] = "ANALYST", [Identity.Operator] = "OPERATOR",
        [Identity.Manager] = "MANAGER", [Identity.Admin] = "ADMIN", [Identity.SuperAdmin] = "SUPER_ADMIN",
    };

    [Fact]
    public async Task EveryRoute_AnswersEachRoleAsTheMatrixSays()
    {
        var routes = await RoutesAsync();
        Assert.True(routes.Count >= 80, $"only {routes.Count} operations in the OpenAPI document");
        var clients = Identity.Users.ToDictionary(u => u, cluster.Silo1.As);
        var failures = new List<string>();
        var checks = 0;
        try
        {
            foreach (var (method, path, required) in routes)
            {
                if (required is null || !Level.TryGetValue(required, out var needed))
                {
                    failures.Add($"{method} {path}: no x-required-role (not in the role matrix)");
                    continue;
                }

                var url = Concrete(path);
                using (var anonymous = await cluster.Silo1.Anonymous.SendAsync(Request(method, url)))
                {
                    checks++;
                    if (anonymous.StatusCode != HttpStatusCode.Unauthorized || anonymous.Headers.WwwAuthenticate.Count == 0)
                    {
                        failures.Add($"{method} {path} anonymous: {(int)anonymous.StatusCode}, WWW-Authenticate {anonymous.Headers.WwwAuthenticate}");
                    }
                }

                foreach (var (user, client) in clients)
                {
                    using var response = await client.SendAsync(Request(method, url));
                    checks++;
                    var allowed = Level[RoleOf[user]] >= needed;
                    var status = response.StatusCode;
                    if (allowed && status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                    {
                        failures.Add($"{method} {path} as {user}: {(int)status}, expected allowed (needs {required})");
                    }
                    else if (!allowed && status != HttpStatusCode.Forbidden)
                    {
                        failures.Add($"{method} {path} as {user}: {(int)status}, expected 403 (needs {required})");
                    }
                }
            }
        }
        finally
        {
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }
        }

        output.WriteLine($"{routes.Count} routes × {clients.Count + 1} callers (anonymous and {string.Join(", ", clients.Keys)}) = {checks} checks, {failures.Count} failed");
        Assert.True(failures.Count == 0, $"{failures.Count} of {checks} checks over {routes.Count} routes failed:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task Forbidden_IsAProblemThatNamesTheRoleNeeded()
    {
        using var viewer = cluster.Silo1.As(Identity.Viewer);

        using var response = await viewer.SendJsonAsync(HttpMethod.Post, Api.Customers, Api.NewCustomer());

        var problem = await response.ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Contains("OPERATOR", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unauthorized_IsAProblemWithABearerChallenge()
    {
        using var response = await cluster.Silo1.Anonymous.GetAsync(Api.Customers);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Contains("bearer", (string?)problem["detail"], StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Refund_NeedsAManagerWhereOtherPaymentChangesNeedAnOperator()
    {
        using var operatorClient = cluster.Silo1.As(Identity.Operator);
        var body = new JsonObject { ["paymentStatus"] = "REFUNDED", ["reversalReason"] = "customer asked", ["version"] = 1 };
        var url = $"/api/v1/payments/{Guid.NewGuid()}/status";

        using var asOperator = await operatorClient.SendJsonAsync(HttpMethod.Put, url, body);
        using var manager = cluster.Silo1.As(Identity.Manager);
        using var asManager = await manager.SendJsonAsync(HttpMethod.Put, url, body);

        var problem = await asOperator.ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.NotEmpty(problem.FieldErrors("paymentStatus"));
        await asManager.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Operations_AreClosedToAnonymousCallersExceptHealth()
    {
        using var live = await cluster.Silo1.Anonymous.GetAsync("/health/live");
        using var ready = await cluster.Silo1.Anonymous.GetAsync("/health/ready");
        using var metrics = await cluster.Silo1.Anonymous.GetAsync("/metrics");
        using var dashboard = await cluster.Silo1.Anonymous.GetAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, metrics.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, dashboard.StatusCode);
    }

    [Fact]
    public async Task Metrics_AnswerTheScrapeTokenOnlyNotAUsersToken()
    {
        using var admin = cluster.Silo1.As(Identity.SuperAdmin);

        using var asUser = await admin.GetAsync("/metrics");
        var scraped = await cluster.Silo1.MetricsAsync();

        Assert.Equal(HttpStatusCode.Forbidden, asUser.StatusCode);
        Assert.Contains("# TYPE", scraped, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_IsForAdministrators()
    {
        using var manager = cluster.Silo1.As(Identity.Manager);
        using var admin = cluster.Silo1.As(Identity.Admin);

        using var asManager = await manager.GetAsync("/dashboard/");
        using var asAdmin = await admin.GetAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.Forbidden, asManager.StatusCode);
        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
    }

    private async Task<List<(string Method, string Path, string? Required)>> RoutesAsync()
    {
        using var response = await cluster.Http.GetAsync("/openapi/v1.json");
        var document = await response.ExpectJsonAsync(HttpStatusCode.OK);
        return document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation =>
                (operation.Key.ToUpperInvariant(), path.Key, (string?)operation.Value!["x-required-role"])))
            .ToList();
    }

    private static string Concrete(string path) =>
        System.Text.RegularExpressions.Regex.Replace(path, @"\{[^}]+\}", _ => Guid.NewGuid().ToString());

    /// <summary>A body that cannot be parsed: an allowed caller gets 400 before anything runs.</summary>
    private static HttpRequestMessage Request(string method, string url)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{\"malformed\": ", Encoding.UTF8, "application/json");
        }

        return request;
    }
}
