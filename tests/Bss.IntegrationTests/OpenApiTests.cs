using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests;

/// <summary>The OpenAPI document is generated from the endpoints and agrees with what they really answer.</summary>
[Collection(ApiCluster.Name)]
public class OpenApiTests(ApiClusterFixture cluster)
{
    [Fact]
    public async Task Document_DescribesTheApiRoutesOnly()
    {
        var document = await DocumentAsync();

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/v1/customers", paths);
        Assert.Contains("/api/v1/customers/{id}/status", paths);
        Assert.All(paths, p => Assert.StartsWith("/api/", p, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CustomerSchema_HasExactlyTheFieldsOfARealResponse()
    {
        var document = await DocumentAsync();
        var created = await cluster.Http.CreateCustomerAsync();

        var schema = document["components"]!["schemas"]!["CustomerResponse"]!["properties"]!.AsObject();
        Assert.Equal(created.Select(p => p.Key).Order(StringComparer.Ordinal), schema.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("integer", (string?)schema["version"]!["type"]);
    }

    [Fact]
    public async Task Errors_AreDocumentedAsProblemJson()
    {
        var document = await DocumentAsync();

        var responses = document["paths"]!["/api/v1/customers/{id}"]!["put"]!["responses"]!.AsObject();
        foreach (var status in new[] { "400", "404", "409", "412", "503" })
        {
            Assert.NotNull(responses[status]?["content"]?["application/problem+json"]);
        }
    }

    private async Task<JsonObject> DocumentAsync()
    {
        using var response = await cluster.Http.GetAsync("/openapi/v1.json");
        return await response.ExpectJsonAsync(HttpStatusCode.OK);
    }
}
