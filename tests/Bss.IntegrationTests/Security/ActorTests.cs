using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests.Security;

/// <summary>Who made a change comes from the token, never from the request; an Idempotency-Key belongs to its caller.</summary>
[Collection(ApiCluster.Name)]
public class ActorTests(ApiClusterFixture cluster)
{
    [Fact]
    public async Task ProductCreatedBy_IsTheTokensUserNotTheBodys()
    {
        using var manager = cluster.Silo1.As(Identity.Manager);
        var body = CatalogApi.NewProduct();
        body["createdBy"] = "somebody-else";
        body["updatedBy"] = "somebody-else";

        using var response = await manager.SendJsonAsync(HttpMethod.Post, CatalogApi.Products, body);

        var product = await response.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal(Identity.Manager, (string?)product["createdBy"]);
        Assert.Equal(Identity.Manager, (string?)product["updatedBy"]);
    }

    [Fact]
    public async Task SameIdempotencyKeyFromTwoUsers_CreatesTwoResources()
    {
        using var first = cluster.Silo1.As(Identity.Operator);
        using var second = cluster.Silo1.As(Identity.Manager);
        var key = "shared-" + Guid.NewGuid().ToString("N");
        var body = Api.NewCustomer();

        using var a = await first.SendJsonAsync(HttpMethod.Post, Api.Customers, body, r => r.Headers.Add("Idempotency-Key", key));
        using var b = await second.SendJsonAsync(HttpMethod.Post, Api.Customers, Api.NewCustomer(), r => r.Headers.Add("Idempotency-Key", key));
        using var again = await first.SendJsonAsync(HttpMethod.Post, Api.Customers, body, r => r.Headers.Add("Idempotency-Key", key));

        var created = await a.ExpectJsonAsync(HttpStatusCode.Created);
        var other = await b.ExpectJsonAsync(HttpStatusCode.Created);
        var replayed = await again.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.NotEqual((string?)created["id"], (string?)other["id"]);
        Assert.False(b.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal((string?)created["id"], (string?)replayed["id"]);
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task BillingCycleCreator_IsTheTokensUser()
    {
        using var manager = cluster.Silo1.As(Identity.Manager);
        var date = new DateOnly(2091, 1, 1).AddDays(Random.Shared.Next(0, 3000));
        var body = new JsonObject { ["cycleDate"] = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) };

        using var response = await manager.SendJsonAsync(HttpMethod.Post, "/api/v1/billing/cycles", body,
            r => r.Headers.Add("X-User", "somebody-else"));

        var cycle = await response.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal(Identity.Manager, (string?)cycle["createdBy"]);
    }
}
