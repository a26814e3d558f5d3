using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests.Contract;

/// <summary>
/// Every resource family's real responses against the JSON Schema the project keeps for it (Contract/schemas, written
/// from API-CONTRACT.md): the entity read by id, a list page (the envelope and each item) and an error. The schemas
/// forbid unknown fields, so a renamed field fails as both missing and unknown.
/// </summary>
[Collection(ApiCluster.Name)]
public class ContractTests(ApiClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.Http;

    [Fact]
    public async Task Customer_GetListAndError_MatchTheContract()
    {
        var customer = await _http.CreateCustomerAsync();

        await AssertResourceAsync("customers", Api.Customers, customer, $"?searchTerm={customer["lastName"]}");
    }

    [Fact]
    public async Task Order_GetListAndError_MatchTheContract()
    {
        var customer = await _http.CreateCustomerAsync();
        var parts = await _http.CreateItemPartsAsync(service: false, asset: false, sim: false);
        var order = await _http.CreateOrderAsync(OrderApi.NewOrder(customer["id"]!.ToString(), parts));

        await AssertResourceAsync("orders", OrderApi.Orders, order, $"?customerId={customer["id"]}");
    }

    [Fact]
    public async Task Product_GetListAndError_MatchTheContract()
    {
        var body = CatalogApi.NewProduct();
        body["taxRate"] = 0.08m;
        body["usageAllowances"] = new JsonArray(
            new JsonObject { ["usageType"] = "DATA", ["included"] = 51200, ["unitPrice"] = 0.01m },
            new JsonObject { ["usageType"] = "SMS", ["included"] = 0, ["unitPrice"] = 0.2m });
        var product = await _http.CreateProductAsync(body);

        await AssertResourceAsync("products", CatalogApi.Products, product, $"?searchTerm={product["productCode"]}");
    }

    [Fact]
    public async Task Subscription_GetListAndError_MatchTheContract()
    {
        var customer = await _http.CreateCustomerAsync();
        var product = await _http.CreateProductAsync();
        var subscription = await _http.CreateAsync(CatalogApi.Subscriptions, new JsonObject
        {
            ["customerId"] = customer["id"]!.ToString(),
            ["productId"] = product["id"]!.ToString(),
            ["discountAmount"] = 5.5m,
            ["configuration"] = new JsonObject { ["apn"] = "internet", ["roaming"] = true },
            ["autoRenew"] = true,
        });
        var suspended = await _http.CreateAsync(CatalogApi.Subscriptions, new JsonObject
        {
            ["customerId"] = customer["id"]!.ToString(),
            ["productId"] = product["id"]!.ToString(),
        });
        await _http.PutStatusAsync($"{CatalogApi.Subscriptions}/{suspended["id"]}", "SUSPENDED");

        await AssertResourceAsync("subscriptions", CatalogApi.Subscriptions, subscription, $"?customerId={customer["id"]}");
    }

    [Fact]
    public async Task Service_GetListStatisticsAndError_MatchTheContract()
    {
        var service = await ServiceApiTests.CreateServiceAsync(_http);

        await AssertResourceAsync("services", ServiceApiTests.Services, service, $"?searchTerm={service["code"]}");
        ContractSchemas.AssertConforms("service-statistics", await GetAsync($"{ServiceApiTests.Services}/statistics"),
            "GET /services/statistics");
    }

    [Fact]
    public async Task Activation_GetListAndError_MatchTheContract()
    {
        var service = await ServiceApiTests.CreateServiceAsync(_http);
        var customer = await _http.CreateCustomerAsync();
        var activation = await _http.CreateAsync($"{ServiceApiTests.Services}/activations", new JsonObject
        {
            ["serviceId"] = service["id"]!.ToString(),
            ["customerId"] = customer["id"]!.ToString(),
            ["notes"] = "installation at the front door",
        });

        await AssertResourceAsync("activations", $"{ServiceApiTests.Services}/activations", activation, $"?customerId={customer["id"]}");
    }

    [Fact]
    public async Task Asset_AssignedDevice_GetListAndError_MatchTheContract()
    {
        var asset = await _http.CreateAsync(AssetApiTests.Assets, AssetApiTests.NewAsset());
        var customer = await _http.CreateCustomerAsync();
        await PostOkAsync($"{AssetApiTests.Assets}/{asset["id"]}/assign", new JsonObject { ["customerId"] = customer["id"]!.ToString() });

        await AssertResourceAsync("assets", AssetApiTests.Assets, asset, "?type=ROUTER");
    }

    [Fact]
    public async Task SimCard_Assigned_GetListAndError_MatchTheContract()
    {
        var sim = await _http.CreateAsync(SimCardApiTests.Sims, SimCardApiTests.NewSim());
        var customer = await _http.CreateCustomerAsync();
        await PostOkAsync($"{SimCardApiTests.Sims}/{sim["id"]}/assign", new JsonObject { ["customerId"] = customer["id"]!.ToString() });

        await AssertResourceAsync("sim-cards", SimCardApiTests.Sims, sim, "");
    }

    [Fact]
    public async Task Address_WithAndWithoutOptionalFields_GetListAndError_MatchTheContract()
    {
        var customer = await _http.CreateCustomerAsync();
        var full = await _http.CreateAsync("/api/v1/addresses", AddressApiTests.NewAddress(customer, isPrimary: true));
        var bare = await _http.CreateAsync("/api/v1/addresses", new JsonObject
        {
            ["customerId"] = customer["id"]!.ToString(),
            ["type"] = "SHIPPING",
            ["street"] = "Długa",
            ["houseNumber"] = "1",
            ["postalCode"] = "80-831",
            ["city"] = "Gdańsk",
            ["country"] = "PL",
        });

        ContractSchemas.AssertConforms("addresses", bare, "POST /addresses without the optional fields");
        await AssertResourceAsync("addresses", "/api/v1/addresses", full, $"?customerId={customer["id"]}");
    }

    [Fact]
    public async Task InvoiceAndPayment_GetListAndError_MatchTheContract()
    {
        var customer = await _http.CreateCustomerAsync();
        var draft = await _http.CreateAsync("/api/v1/invoices", new JsonObject
        {
            ["customerId"] = customer["id"]!.ToString(),
            ["invoiceType"] = "ONE_TIME",
            ["notes"] = "router replacement",
            ["items"] = new JsonArray(new JsonObject { ["description"] = "Router AX3000", ["quantity"] = 1, ["unitPrice"] = 99.99m }),
        });
        ContractSchemas.AssertConforms("invoices", draft, "POST /invoices (a DRAFT)");
        using var issuing = await _http.SendJsonAsync(HttpMethod.Put, $"/api/v1/invoices/{draft["id"]}/status",
            new JsonObject { ["status"] = "ISSUED", ["version"] = (int)draft["version"]! });
        var invoice = await issuing.ExpectJsonAsync(HttpStatusCode.OK);
        var payment = await _http.CreateAsync("/api/v1/payments", new JsonObject
        {
            ["customerId"] = customer["id"]!.ToString(),
            ["invoiceId"] = invoice["id"]!.ToString(),
            ["amount"] = 50.25m,
            ["paymentMethod"] = "BANK_TRANSFER",
            ["referenceNumber"] = "REF-1",
        });

        await AssertResourceAsync("invoices", "/api/v1/invoices", invoice, $"?customerId={customer["id"]}");
        await AssertResourceAsync("payments", "/api/v1/payments", payment, $"?customerId={customer["id"]}");
    }

    [Fact]
    public async Task ValidationError_MatchesTheProblemSchema()
    {
        using var response = await _http.SendJsonAsync(HttpMethod.Post, Api.Customers, new JsonObject { ["email"] = "not an email" });

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        ContractSchemas.AssertConforms("problem", problem, "400 of POST /customers");
        Assert.NotNull(problem["errors"]);
    }

    /// <summary>The contract's rule that each enum field x has a string xDisplayName, checked on every schema.</summary>
    [Fact]
    public void Schemas_EveryEnumHasItsDisplayNameAndNoUnknownField()
    {
        var problems = new List<string>();
        foreach (var name in ContractSchemas.Names.Where(n => n != "common"))
        {
            var schema = ContractSchemas.Document(name);
            if (schema["additionalProperties"]?.GetValue<bool>() != false)
            {
                problems.Add($"{name}: additionalProperties must be false, or a renamed optional field would pass");
            }

            var properties = schema["properties"]!.AsObject();
            var required = schema["required"]?.AsArray().Select(r => (string)r!).ToHashSet() ?? [];
            foreach (var (field, _) in properties.Where(p => p.Value?["enum"] is JsonArray values && values.Any(v => v is JsonValue s && s.TryGetValue<string>(out _))))
            {
                var display = field + "DisplayName";
                if (properties[display] is null)
                {
                    problems.Add($"{name}: enum {field} has no {display}");
                }
                else if (required.Contains(field) && !required.Contains(display))
                {
                    problems.Add($"{name}: {field} is required but {display} is not");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>GET /{id}, a list page that holds the entity (envelope and every item), and 404 for an unknown id.</summary>
    private async Task AssertResourceAsync(string schema, string basePath, JsonObject entity, string listQuery)
    {
        var id = (string)entity["id"]!;
        ContractSchemas.AssertConforms(schema, await GetAsync($"{basePath}/{id}"), $"GET {basePath}/{{id}}");

        var page = await GetAsync($"{basePath}{listQuery}");
        ContractSchemas.AssertConforms("page", page, $"GET {basePath}{listQuery}");
        var items = page["content"]!.AsArray();
        Assert.Contains(id, items.Select(i => (string?)i?["id"]));
        foreach (var item in items)
        {
            ContractSchemas.AssertConforms(schema, item, $"an item of GET {basePath}{listQuery}");
        }

        using var missing = await _http.GetAsync($"{basePath}/{Guid.NewGuid()}");
        var problem = await missing.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        ContractSchemas.AssertConforms("problem", problem, $"404 of GET {basePath}/{{id}}");
    }

    private async Task PostOkAsync(string path, JsonObject body)
    {
        using var response = await _http.SendJsonAsync(HttpMethod.Post, path, body);
        await response.ExpectJsonAsync(HttpStatusCode.OK);
    }

    private async Task<JsonObject> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        return await response.ExpectJsonAsync(HttpStatusCode.OK);
    }
}
