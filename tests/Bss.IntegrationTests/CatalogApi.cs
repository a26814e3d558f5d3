using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests;

/// <summary>Request bodies and calls the product and subscription API tests share.</summary>
public static class CatalogApi
{
    public const string Products = "/api/v1/products";
    public const string Subscriptions = "/api/v1/subscriptions";

    /// <summary>A valid product with a unique code (the marker also lands in the name, so searches find it).</summary>
    public static JsonObject NewProduct(string? marker = null)
    {
        marker ??= "P" + Guid.NewGuid().ToString("N")[..10];
        return new JsonObject
        {
            ["productCode"] = $"MOB-{marker}-{Guid.NewGuid().ToString("N")[..6]}",
            ["name"] = $"Mobile 50 GB {marker}",
            ["description"] = "Unlimited calls and SMS, 50 GB data",
            ["productType"] = "TARIFF",
            ["category"] = "MOBILE",
            ["price"] = 49.99m,
            ["currency"] = "PLN",
            ["billingPeriod"] = "MONTHLY",
            ["validityStart"] = "2026-01-01",
            ["validityEnd"] = "2027-12-31",
        };
    }

    public static async Task<JsonObject> CreateProductAsync(this HttpClient http, JsonObject? body = null)
    {
        using var response = await http.SendJsonAsync(HttpMethod.Post, Products, body ?? NewProduct());
        return await response.ExpectJsonAsync(HttpStatusCode.Created);
    }

    public static async Task<JsonObject> GetJsonAsync(this HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return await response.ExpectJsonAsync(HttpStatusCode.OK);
    }

    public static async Task<JsonObject> PutStatusAsync(this HttpClient http, string path, string status)
    {
        using var response = await http.SendJsonAsync(HttpMethod.Put, $"{path}/status", new JsonObject { ["status"] = status });
        return await response.ExpectJsonAsync(HttpStatusCode.OK);
    }

    public static string[] Ids(this JsonObject page) =>
        page["content"]!.AsArray().Select(c => (string)c!["id"]!).ToArray();
}
