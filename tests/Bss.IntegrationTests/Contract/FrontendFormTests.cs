using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests.Contract;

/// <summary>
/// Creates every resource the way the frontend's create forms do (orders and invoices as a header without items;
/// the others with API-CONTRACT.md's fields, the optional ones left out) and checks each answer against the schemas
/// written from the frontend's response schemas, where an optional field is absent or typed and null fails.
/// </summary>
[Collection(ApiCluster.Name)]
public class FrontendFormTests(ApiClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.Http;

    /// <summary>The frontend's create-order form: a header with no items.</summary>
    private static JsonObject OrderForm(JsonObject customer, JsonNode? totalAmount) => new()
    {
        ["orderNumber"] = "WEB-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(),
        ["customerId"] = customer["id"]!.ToString(),
        ["orderType"] = "NEW",
        ["status"] = "PENDING",
        ["priority"] = "HIGH",
        ["totalAmount"] = totalAmount,
        ["currency"] = "PLN",
        ["requestedDate"] = "2026-12-01",
        ["promisedDate"] = "2026-12-15",
        ["orderChannel"] = "WEB",
        ["salesRepId"] = "rep-17",
        ["notes"] = "Call before delivery",
    };

    /// <summary>The frontend's create-invoice form: a number typed by the user and header amounts, no items.</summary>
    private static JsonObject InvoiceForm(JsonObject customer, decimal total = 110.71m) => new()
    {
        ["invoiceNumber"] = "MAN/" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant(),
        ["customerId"] = customer["id"]!.ToString(),
        ["invoiceType"] = "ONE_TIME",
        ["issueDate"] = "2026-12-01",
        ["dueDate"] = "2026-12-15",
        ["billingPeriodStart"] = "2026-11-01",
        ["billingPeriodEnd"] = "2026-11-30",
        ["subtotal"] = 100m,
        ["discountAmount"] = 10m,
        ["taxAmount"] = 20.71m,
        ["totalAmount"] = total,
        ["currency"] = "PLN",
        ["paymentTerms"] = 14,
        ["lateFee"] = 0,
        ["notes"] = "Installation on site",
        ["sentToEmail"] = "billing@example.com",
    };

    [Fact]
    public async Task Order_HeaderFromTheCreateForm_Returns201PendingWithoutItems_MatchingTheContract()
    {
        var customer = await _http.CreateCustomerAsync();
        var form = OrderForm(customer, 150m);

        var order = await _http.CreateAsync(OrderApi.Orders, form);

        ContractSchemas.AssertConforms("orders", order, "POST /orders from the create form");
        Assert.Equal(((string?)form["orderNumber"], "PENDING", "HIGH", 0, 150m),
            ((string?)order["orderNumber"], (string?)order["status"], (string?)order["priority"], (int?)order["itemCount"], (decimal?)order["totalAmount"]));
        ContractSchemas.AssertConforms("orders", await _http.GetJsonAsync(OrderApi.PathOf(order)), "GET /orders/{id}");
    }

    [Fact]
    public async Task Order_HeaderWithoutTotal_AnswersTotalAmountNull_TheOneNullableField()
    {
        var customer = await _http.CreateCustomerAsync();
        var form = OrderForm(customer, null);
        form.Remove("promisedDate");
        form.Remove("notes");

        var order = await _http.CreateAsync(OrderApi.Orders, form);

        ContractSchemas.AssertConforms("orders", order, "POST /orders without totalAmount");
        Assert.True(order.ContainsKey("totalAmount") && order["totalAmount"] is null);
        order.AssertAbsent("promisedDate", "notes", "completedDate", "salesRepName", "completion");
    }

    [Fact]
    public async Task Invoice_HeaderFromTheCreateForm_Returns201DraftShowingTheTypedNumber_AndIssueGivesTheLegalOne()
    {
        var customer = await _http.CreateCustomerAsync();
        var form = InvoiceForm(customer);

        var draft = await _http.CreateAsync("/api/v1/invoices", form);
        using var issuing = await _http.SendJsonAsync(HttpMethod.Put, $"/api/v1/invoices/{draft["id"]}/status", new JsonObject { ["status"] = "ISSUED", ["version"] = (int)draft["version"]! });
        var issued = await issuing.ExpectJsonAsync(HttpStatusCode.OK);

        ContractSchemas.AssertConforms("invoices", draft, "POST /invoices from the create form");
        ContractSchemas.AssertConforms("invoices", issued, "the issued header invoice");
        Assert.Equal(((string?)form["invoiceNumber"], "DRAFT", 100m, 10m, 20.71m, 110.71m, 1),
            ((string?)draft["invoiceNumber"], (string?)draft["status"], (decimal?)draft["subtotal"], (decimal?)draft["discountAmount"],
                (decimal?)draft["taxAmount"], (decimal?)draft["totalAmount"], (int?)draft["itemCount"]));
        Assert.Matches(@"^FV/\d{4}/\d{6}$", (string?)issued["invoiceNumber"]);
        Assert.Equal((string?)form["invoiceNumber"], (string?)issued["manualNumber"]);
        Assert.Equal(110.71m, (decimal?)issued["balanceDue"]);
    }

    [Fact]
    public async Task Invoice_HeaderAmountsThatDoNotAddUp_Returns400NamingTotalAmount()
    {
        var customer = await _http.CreateCustomerAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Post, "/api/v1/invoices", InvoiceForm(customer, total: 110.70m));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.Equal(["totalAmount"], problem["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task Invoice_DraftWithoutTypedNumberOrNotes_ShowsADraftNumber_MatchingTheContract()
    {
        var customer = await _http.CreateCustomerAsync();
        var form = InvoiceForm(customer);
        foreach (var optional in new[] { "invoiceNumber", "notes", "sentToEmail", "billingPeriodStart", "billingPeriodEnd" })
        {
            form.Remove(optional);
        }

        var draft = await _http.CreateAsync("/api/v1/invoices", form);

        ContractSchemas.AssertConforms("invoices", draft, "POST /invoices without a typed number");
        Assert.Matches("^DRAFT-[0-9A-F]{8}$", (string?)draft["invoiceNumber"]);
        draft.AssertAbsent("notes", "sentToEmail", "manualNumber", "paidDate", "sentAt", "pdfUrl");
    }

    [Fact]
    public async Task Customer_WithoutOptionalFields_LeavesThemOut_MatchingTheContract()
    {
        var body = Api.NewCustomer();
        body.Remove("pesel");
        body.Remove("nip");
        body["phone"] = "";

        var customer = await _http.CreateCustomerAsync(body);

        ContractSchemas.AssertConforms("customers", customer, "POST /customers without pesel, nip, phone");
        customer.AssertAbsent("pesel", "nip", "phone");
    }

    [Fact]
    public async Task Product_WithoutOptionalFields_LeavesThemOut_MatchingTheContract()
    {
        var body = CatalogApi.NewProduct();
        body.Remove("description");
        body.Remove("validityEnd");

        var product = await _http.CreateProductAsync(body);

        ContractSchemas.AssertConforms("products", product, "POST /products without description");
        product.AssertAbsent("description", "validityEnd");
    }

    [Fact]
    public async Task Service_WithoutOptionalFields_LeavesThemOut_MatchingTheContract()
    {
        var body = ServiceApiTests.NewService();
        foreach (var optional in new[] { "description", "dataLimit", "speed", "technology", "slaUptime", "supportLevel" })
        {
            body.Remove(optional);
        }

        var service = await ServiceApiTests.CreateServiceAsync(_http, body);

        ContractSchemas.AssertConforms("services", service, "POST /services without the optional fields");
        service.AssertAbsent("description", "dataLimit", "speed", "voiceMinutes", "technology", "technologyDisplayName");
        ContractSchemas.AssertConforms("service-statistics", await _http.GetJsonAsync($"{ServiceApiTests.Services}/statistics"),
            "GET /services/statistics");
    }

    [Fact]
    public async Task Payment_WithoutOptionalFields_LeavesThemOut_MatchingTheContract()
    {
        var customer = await _http.CreateCustomerAsync();

        var payment = await _http.CreateAsync("/api/v1/payments", new JsonObject
        {
            ["customerId"] = customer["id"]!.ToString(),
            ["amount"] = 20m,
            ["paymentMethod"] = "CASH",
        });

        ContractSchemas.AssertConforms("payments", payment, "POST /payments without the optional fields");
        payment.AssertAbsent("transactionId", "gateway", "referenceNumber", "notes", "invoiceId", "reversalReason");
    }

    /// <summary>The schemas themselves: null where the frontend says optional fails, so the tests above can fail.</summary>
    [Fact]
    public async Task Schemas_NullForAnOptionalField_IsAViolation()
    {
        var customer = await _http.CreateCustomerAsync();
        Assert.Empty(ContractSchemas.Violations("customers", customer));

        customer["pesel"] = null;

        Assert.Contains(ContractSchemas.Violations("customers", customer), v => v.StartsWith("/pesel", StringComparison.Ordinal));
    }

    /// <summary>Only the fields the frontend declares .optional().nullable() may admit null in a schema.</summary>
    [Fact]
    public void Schemas_AdmitNullOnlyWhereTheFrontendDeclaresIt()
    {
        var admitting = new List<string>();
        foreach (var name in ContractSchemas.Names.Where(n => n != "common"))
        {
            Walk(ContractSchemas.Document(name), name, admitting);
        }

        Assert.Equal(["orders/properties/totalAmount"], admitting);
    }

    private static void Walk(JsonNode? node, string at, List<string> admitting)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["type"] is JsonValue t && (string?)t == "null" || o["type"] is JsonArray types && types.Any(x => (string?)x == "null") ||
                    o["enum"] is JsonArray values && values.Any(v => v is null) ||
                    (string?)o["$ref"] == "common.schema.json#/$defs/moneyOrNull")
                {
                    admitting.Add(at);
                }

                foreach (var (key, child) in o)
                {
                    Walk(child, $"{at}/{key}", admitting);
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    Walk(a[i], $"{at}/{i}", admitting);
                }

                break;
        }
    }
}
