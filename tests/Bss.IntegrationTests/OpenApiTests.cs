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

    /// <summary>
    /// Optional means absent, not null: no property of a schema a response uses admits null, except the ones the
    /// contract declares .optional().nullable() (order totalAmount, which is always written: required, maybe null).
    /// </summary>
    [Fact]
    public async Task ResponseSchemas_AdmitNullOnlyWhereTheContractDeclaresIt()
    {
        var document = await DocumentAsync();
        var components = document["components"]!["schemas"]!.AsObject();

        var nullable = new List<string>();
        foreach (var name in ResponseSchemaNames(document, components))
        {
            var schema = components[name]!;
            var required = schema["required"]?.AsArray().Select(r => (string?)r).ToHashSet() ?? [];
            foreach (var (field, property) in schema["properties"]?.AsObject() ?? [])
            {
                if (AdmitsNull(property))
                {
                    nullable.Add($"{name}.{field}{(required.Contains(field) ? " (required)" : "")}");
                }
            }
        }

        Assert.Equal(["OrderResponse.totalAmount (required)"], nullable);
        Assert.DoesNotContain("\"null\"", components["CustomerResponse"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrderItemRoutes_AreDocumented()
    {
        var paths = (await DocumentAsync())["paths"]!.AsObject();

        Assert.NotNull(paths["/api/v1/orders/{id}/items"]?["post"]);
        Assert.NotNull(paths["/api/v1/orders/{id}/items/{itemId}"]?["put"]);
        Assert.NotNull(paths["/api/v1/orders/{id}/items/{itemId}"]?["delete"]);
    }

    private static bool AdmitsNull(JsonNode? schema) =>
        schema?["type"] switch
        {
            JsonArray types => types.Any(t => (string?)t == "null"),
            JsonValue type => (string?)type == "null",
            _ => false,
        } || (schema?["oneOf"] ?? schema?["anyOf"])?.AsArray().Any(AdmitsNull) == true;

    /// <summary>The component schemas reachable from any operation's responses.</summary>
    private static HashSet<string> ResponseSchemaNames(JsonObject document, JsonObject components)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<JsonNode>(document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject())
            .Select(o => (o.Value as JsonObject)?["responses"])
            .OfType<JsonObject>()
            .SelectMany(r => r.Select(x => (x.Value as JsonObject)?["content"]).OfType<JsonObject>())
            .SelectMany(c => c.Select(x => (x.Value as JsonObject)?["schema"]).OfType<JsonNode>()));
        while (pending.TryPop(out var node))
        {
            switch (node)
            {
                case JsonObject o when (string?)o["$ref"] is { } reference:
                    var name = reference[(reference.LastIndexOf('/') + 1)..];
                    if (names.Add(name) && components[name] is { } target)
                    {
                        pending.Push(target);
                    }

                    break;
                case JsonObject o:
                    foreach (var (_, child) in o)
                    {
                        if (child is not null)
                        {
                            pending.Push(child);
                        }
                    }

                    break;
                case JsonArray a:
                    foreach (var child in a.OfType<JsonNode>())
                    {
                        pending.Push(child);
                    }

                    break;
            }
        }

        return names;
    }

    private async Task<JsonObject> DocumentAsync()
    {
        using var response = await cluster.Http.GetAsync("/openapi/v1.json");
        return await response.ExpectJsonAsync(HttpStatusCode.OK);
    }
}
