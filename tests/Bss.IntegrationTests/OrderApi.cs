using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests;

/// <summary>Request bodies and calls the order API tests and the order crash test share.</summary>
public static class OrderApi
{
    public const string Orders = "/api/v1/orders";
    public const string Activations = ServiceApiTests.Services + "/activations";

    public static string PathOf(JsonObject order) => $"{Orders}/{order["id"]}";

    /// <summary>What one order item needs on the other side: a product, and optionally a service, a device and a SIM card.</summary>
    public sealed record ItemParts(string ProductId, string? ServiceId, string? AssetId, string? SimCardId)
    {
        public JsonObject Body(int quantity = 1) => new()
        {
            ["productId"] = ProductId,
            ["quantity"] = quantity,
            ["action"] = "NEW",
            ["serviceId"] = ServiceId,
            ["assetId"] = AssetId,
            ["simCardId"] = SimCardId,
        };
    }

    /// <summary>A product with, as asked, a new service definition, device and SIM card to go with it.</summary>
    public static async Task<ItemParts> CreateItemPartsAsync(this HttpClient http, bool service = true, bool asset = true, bool sim = true)
    {
        var product = await http.CreateProductAsync();
        string? Id(JsonObject? o) => o?["id"]?.ToString();
        return new ItemParts(
            Id(product)!,
            service ? Id(await ServiceApiTests.CreateServiceAsync(http)) : null,
            asset ? Id(await http.CreateAsync(AssetApiTests.Assets, AssetApiTests.NewAsset())) : null,
            sim ? Id(await http.CreateAsync(SimCardApiTests.Sims, SimCardApiTests.NewSim())) : null);
    }

    public static JsonObject NewOrder(string customerId, params ItemParts[] items) => new()
    {
        ["customerId"] = customerId,
        ["orderType"] = "NEW",
        ["priority"] = "HIGH",
        ["orderChannel"] = "WEB",
        ["notes"] = "Order notes " + Guid.NewGuid().ToString("N")[..8],
        ["items"] = new JsonArray(items.Select(i => (JsonNode)i.Body()).ToArray()),
    };

    public static async Task<JsonObject> CreateOrderAsync(this HttpClient http, JsonObject body)
    {
        using var response = await http.SendJsonAsync(HttpMethod.Post, Orders, body);
        return await response.ExpectJsonAsync(HttpStatusCode.Created);
    }

    /// <summary>PENDING → CONFIRMED → PROCESSING.</summary>
    public static async Task<JsonObject> ToProcessingAsync(this HttpClient http, JsonObject order)
    {
        await http.PutStatusAsync(PathOf(order), "CONFIRMED");
        return await http.PutStatusAsync(PathOf(order), "PROCESSING");
    }

    /// <summary>How many subscriptions, activations, devices and SIM cards the customer has, from the lists.</summary>
    public static async Task<(long Subscriptions, long Activations, long Assets, long Sims)> HoldingsAsync(this HttpClient http, string customerId)
    {
        async Task<long> Count(string path) => (long)(await http.GetJsonAsync(path))["totalElements"]!;
        return (await Count($"{CatalogApi.Subscriptions}?customerId={customerId}"),
            await Count($"{Activations}?customerId={customerId}"),
            await Count($"{AssetApiTests.Assets}/by-customer/{customerId}"),
            await Count($"{SimCardApiTests.Sims}/by-customer/{customerId}"));
    }
}
