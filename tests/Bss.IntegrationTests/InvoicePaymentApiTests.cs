using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests;

/// <summary>Manual invoices and payments over HTTP: routes, numbering, settlement, refunds and every error status.</summary>
[Collection(ApiCluster.Name)]
public class InvoicePaymentApiTests(ApiClusterFixture cluster)
{
    private const string Invoices = "/api/v1/invoices";
    private const string Payments = "/api/v1/payments";
    private readonly HttpClient _http = cluster.Http;

    private static JsonObject InvoiceBody(string customerId, decimal unitPrice = 100m) => new()
    {
        ["customerId"] = customerId,
        ["invoiceType"] = "ONE_TIME",
        ["notes"] = "router replacement",
        ["items"] = new JsonArray(new JsonObject { ["description"] = "Router AX3000", ["quantity"] = 1, ["unitPrice"] = unitPrice }),
    };

    private async Task<string> CustomerIdAsync() => (string)(await _http.CreateCustomerAsync())["id"]!;

    private async Task<JsonObject> IssuedInvoiceAsync(string customerId)
    {
        using var created = await _http.SendJsonAsync(HttpMethod.Post, Invoices, InvoiceBody(customerId));
        var invoice = await created.ExpectJsonAsync(HttpStatusCode.Created);
        using var issued = await _http.SendJsonAsync(HttpMethod.Put, $"{Invoices}/{invoice["id"]}/status",
            new JsonObject { ["status"] = "ISSUED", ["version"] = (int)invoice["version"]! });
        return await issued.ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task CreateInvoice_Valid_Returns201DraftWithTotalsAndDisplayNames()
    {
        var customerId = await CustomerIdAsync();

        using var response = await _http.SendJsonAsync(HttpMethod.Post, Invoices, InvoiceBody(customerId, 99.99m));
        var invoice = await response.ExpectJsonAsync(HttpStatusCode.Created);

        Assert.Equal($"{Invoices}/{invoice["id"]}", response.Headers.Location?.OriginalString);
        Assert.Equal("DRAFT", (string?)invoice["status"]);
        Assert.Equal("Draft", (string?)invoice["statusDisplayName"]);
        Assert.Equal("ONE_TIME", (string?)invoice["invoiceType"]);
        Assert.Equal("One time", (string?)invoice["invoiceTypeDisplayName"]);
        Assert.Equal($"DRAFT-{((string)invoice["id"]!)[..8].ToUpperInvariant()}", (string?)invoice["invoiceNumber"]);
        Assert.Equal(99.99m, (decimal?)invoice["subtotal"]);
        Assert.Equal(23.00m, (decimal?)invoice["taxAmount"]);
        Assert.Equal(122.99m, (decimal?)invoice["totalAmount"]);
        Assert.Equal(122.99m, (decimal?)invoice["balanceDue"]);
        Assert.Equal("PLN", (string?)invoice["currency"]);
        Assert.Equal(1, (int?)invoice["itemCount"]);
        Assert.StartsWith("Anna Nowak", (string?)invoice["customerName"], StringComparison.Ordinal);
        Assert.False((bool?)invoice["isUnpaid"]);
        Assert.True((bool?)invoice["canBeCancelled"]);
    }

    [Fact]
    public async Task CreateInvoice_BadBody_Returns400NamingEachField()
    {
        var body = InvoiceBody(await CustomerIdAsync());
        body["invoiceType"] = "RECURRING";
        body["items"] = new JsonArray(new JsonObject { ["description"] = "x", ["quantity"] = 0, ["unitPrice"] = 1.001, ["taxRate"] = 23 });

        using var response = await _http.SendJsonAsync(HttpMethod.Post, Invoices, body);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        foreach (var field in new[] { "invoiceType", "items[0].quantity", "items[0].unitPrice", "items[0].taxRate" })
        {
            Assert.NotEmpty(problem.FieldErrors(field));
        }
    }

    [Fact]
    public async Task CreateInvoice_UnknownCustomer_Returns400NamingCustomerId()
    {
        using var response = await _http.SendJsonAsync(HttpMethod.Post, Invoices, InvoiceBody(Guid.NewGuid().ToString()));

        Assert.NotEmpty((await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("customerId"));
    }

    [Fact]
    public async Task Issue_AssignsAYearlyNumber_FindableByNumber()
    {
        var issued = await IssuedInvoiceAsync(await CustomerIdAsync());
        var number = (string)issued["invoiceNumber"]!;

        using var found = await cluster.Silo2.Http.GetAsync($"{Invoices}/by-invoice-number/{number}");

        Assert.Matches(@"^FV/\d{4}/\d{6}$", number);
        Assert.Equal("ISSUED", (string?)issued["status"]);
        Assert.NotNull(issued["dueDate"]);
        Assert.True((bool?)issued["isUnpaid"]);
        Assert.Equal((string?)issued["id"], (string?)(await found.ExpectJsonAsync(HttpStatusCode.OK))["id"]);
    }

    [Fact]
    public async Task ByInvoiceNumber_Unknown_Returns404()
    {
        using var response = await _http.GetAsync($"{Invoices}/by-invoice-number/FV/1999/999999");

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task ChangeStatus_DraftToSent_Returns409InvalidTransition()
    {
        using var created = await _http.SendJsonAsync(HttpMethod.Post, Invoices, InvoiceBody(await CustomerIdAsync()));
        var invoice = await created.ExpectJsonAsync(HttpStatusCode.Created);

        using var response = await _http.SendJsonAsync(HttpMethod.Put, $"{Invoices}/{invoice["id"]}/status",
            new JsonObject { ["status"] = "SENT", ["version"] = (int)invoice["version"]! });

        await response.ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
    }

    [Fact]
    public async Task ChangeStatus_PaidWithBalanceDue_Returns409()
    {
        var issued = await IssuedInvoiceAsync(await CustomerIdAsync());

        using var response = await _http.SendJsonAsync(HttpMethod.Put, $"{Invoices}/{issued["id"]}/status",
            new JsonObject { ["status"] = "PAID", ["version"] = (int)issued["version"]! });

        await response.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
    }

    [Fact]
    public async Task ChangeStatus_StaleIfMatch_Returns412()
    {
        var issued = await IssuedInvoiceAsync(await CustomerIdAsync());

        using var response = await _http.SendJsonAsync(HttpMethod.Put, $"{Invoices}/{issued["id"]}/status",
            new JsonObject { ["status"] = "SENT" }, r => r.IfMatch("\"1\""));

        await response.ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
    }

    [Fact]
    public async Task Get_UnknownInvoiceOrPayment_Returns404()
    {
        using var invoice = await _http.GetAsync($"{Invoices}/{Guid.NewGuid()}");
        using var payment = await _http.GetAsync($"{Payments}/{Guid.NewGuid()}");

        await invoice.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await payment.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task CompletedPayment_SettlesTheInvoice_RefundReopensIt()
    {
        var customerId = await CustomerIdAsync();
        var invoice = await IssuedInvoiceAsync(customerId);
        var body = new JsonObject
        {
            ["customerId"] = customerId,
            ["invoiceId"] = invoice["id"]!.ToString(),
            ["amount"] = 123.00m,
            ["paymentMethod"] = "BANK_TRANSFER",
            ["paymentStatus"] = "COMPLETED",
            ["referenceNumber"] = "TR-42",
        };

        using var recorded = await _http.SendJsonAsync(HttpMethod.Post, Payments, body);
        var payment = await recorded.ExpectJsonAsync(HttpStatusCode.Created);
        using var paidRead = await cluster.Silo2.Http.GetAsync($"{Invoices}/{invoice["id"]}");
        var paid = await paidRead.ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal("COMPLETED", (string?)payment["paymentStatus"]);
        Assert.Equal("Bank transfer", (string?)payment["paymentMethodDisplayName"]);
        Assert.Equal("PAID", (string?)paid["status"]);
        Assert.Equal(0m, (decimal?)paid["balanceDue"]);
        Assert.True((bool?)paid["isPaid"]);
        Assert.NotNull(paid["paidDate"]);

        using var noReason = await _http.SendJsonAsync(HttpMethod.Put, $"{Payments}/{payment["id"]}/status",
            new JsonObject { ["paymentStatus"] = "REFUNDED", ["version"] = (int)payment["version"]! });
        Assert.NotEmpty((await noReason.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("reversalReason"));

        using var refunded = await _http.SendJsonAsync(HttpMethod.Put, $"{Payments}/{payment["id"]}/status",
            new JsonObject { ["paymentStatus"] = "REFUNDED", ["reversalReason"] = "charged twice", ["version"] = (int)payment["version"]! });
        Assert.Equal("REFUNDED", (string?)(await refunded.ExpectJsonAsync(HttpStatusCode.OK))["paymentStatus"]);
        using var reopenedRead = await _http.GetAsync($"{Invoices}/{invoice["id"]}");
        var reopened = await reopenedRead.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("ISSUED", (string?)reopened["status"]);
        Assert.Equal(123.00m, (decimal?)reopened["balanceDue"]);

        using var byInvoice = await _http.GetAsync($"{Payments}?invoiceId={invoice["id"]}");
        var list = await byInvoice.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal((string?)payment["id"], (string?)Assert.Single(list["content"]!.AsArray())!["id"]);
    }

    [Fact]
    public async Task Payment_IdempotencyKey_ReplaysOrRefuses()
    {
        var customerId = await CustomerIdAsync();
        var body = new JsonObject { ["customerId"] = customerId, ["amount"] = 10.50m, ["paymentMethod"] = "CASH" };
        var key = Guid.NewGuid().ToString();

        using var first = await _http.SendJsonAsync(HttpMethod.Post, Payments, body, r => r.Headers.Add("Idempotency-Key", key));
        using var again = await cluster.Silo2.Http.SendJsonAsync(HttpMethod.Post, Payments, body, r => r.Headers.Add("Idempotency-Key", key));
        body["amount"] = 11m;
        using var other = await _http.SendJsonAsync(HttpMethod.Post, Payments, body, r => r.Headers.Add("Idempotency-Key", key));

        Assert.Equal((await first.ExpectJsonAsync(HttpStatusCode.Created)).ToJsonString(), (await again.ExpectJsonAsync(HttpStatusCode.Created)).ToJsonString());
        await other.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED");
    }

    [Fact]
    public async Task Payment_BadBody_Returns400NamingEachField()
    {
        using var response = await _http.SendJsonAsync(HttpMethod.Post, Payments,
            new JsonObject { ["amount"] = 0, ["paymentMethod"] = "CHEQUE", ["currency"] = "zł" });

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        foreach (var field in new[] { "customerId", "amount", "paymentMethod", "currency" })
        {
            Assert.NotEmpty(problem.FieldErrors(field));
        }
    }

    [Fact]
    public async Task Payment_ForADraftInvoice_Returns400NamingInvoiceId()
    {
        var customerId = await CustomerIdAsync();
        using var created = await _http.SendJsonAsync(HttpMethod.Post, Invoices, InvoiceBody(customerId));
        var draft = await created.ExpectJsonAsync(HttpStatusCode.Created);

        using var response = await _http.SendJsonAsync(HttpMethod.Post, Payments, new JsonObject
        {
            ["customerId"] = customerId, ["invoiceId"] = draft["id"]!.ToString(), ["amount"] = 5m, ["paymentMethod"] = "CARD",
        });

        Assert.NotEmpty((await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("invoiceId"));
    }

    [Fact]
    public async Task Lists_FilterByCustomerAndUnpaid_AndStatsCountEveryStatus()
    {
        var customerId = await CustomerIdAsync();
        await IssuedInvoiceAsync(customerId);
        using var draft = await _http.SendJsonAsync(HttpMethod.Post, Invoices, InvoiceBody(customerId));
        await draft.ExpectJsonAsync(HttpStatusCode.Created);

        using var all = await _http.GetAsync($"{Invoices}?customerId={customerId}");
        using var unpaid = await _http.GetAsync($"{Invoices}?customerId={customerId}&unpaid=true");
        using var stats = await _http.GetAsync($"{Invoices}/stats");
        using var bad = await _http.GetAsync($"{Invoices}?unpaid=maybe&startDate=2026-13-01");

        Assert.Equal(2, (int?)(await all.ExpectJsonAsync(HttpStatusCode.OK))["totalElements"]);
        Assert.Equal("ISSUED", (string?)Assert.Single((await unpaid.ExpectJsonAsync(HttpStatusCode.OK))["content"]!.AsArray())!["status"]);
        Assert.Equal(6, (await stats.ExpectJsonAsync(HttpStatusCode.OK))["byStatus"]!.AsObject().Count);
        var problem = await bad.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.NotEmpty(problem.FieldErrors("unpaid"));
        Assert.NotEmpty(problem.FieldErrors("startDate"));
    }

    [Fact]
    public async Task Payment_SameGatewayTransactionTwice_Returns409NamingTransactionId()
    {
        var customerId = await CustomerIdAsync();
        var transaction = "TX-" + Guid.NewGuid().ToString("N");
        JsonObject Body(string gateway) => new()
        {
            ["customerId"] = customerId, ["amount"] = 20m, ["paymentMethod"] = "CARD", ["transactionId"] = transaction, ["gateway"] = gateway,
        };

        using var first = await _http.SendJsonAsync(HttpMethod.Post, Payments, Body("PAYU"));
        using var again = await cluster.Silo2.Http.SendJsonAsync(HttpMethod.Post, Payments, Body("PAYU"));
        using var otherGateway = await _http.SendJsonAsync(HttpMethod.Post, Payments, Body("STRIPE"));

        await first.ExpectJsonAsync(HttpStatusCode.Created);
        var problem = await again.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        Assert.NotEmpty(problem.FieldErrors("transactionId"));
        await otherGateway.ExpectJsonAsync(HttpStatusCode.Created);
        using var list = await _http.GetAsync($"{Payments}?customerId={customerId}");
        Assert.Equal(2, (int?)(await list.ExpectJsonAsync(HttpStatusCode.OK))["totalElements"]);
    }

    [Fact]
    public async Task ChangeStatus_InvoiceOrPaymentWithoutVersion_Returns400NamingVersion()
    {
        var customerId = await CustomerIdAsync();
        using var created = await _http.SendJsonAsync(HttpMethod.Post, Invoices, InvoiceBody(customerId));
        var draft = await created.ExpectJsonAsync(HttpStatusCode.Created);
        using var recorded = await _http.SendJsonAsync(HttpMethod.Post, Payments,
            new JsonObject { ["customerId"] = customerId, ["amount"] = 5m, ["paymentMethod"] = "CASH" });
        var payment = await recorded.ExpectJsonAsync(HttpStatusCode.Created);

        using var issue = await _http.SendJsonAsync(HttpMethod.Put, $"{Invoices}/{draft["id"]}/status", new JsonObject { ["status"] = "ISSUED" });
        using var fail = await _http.SendJsonAsync(HttpMethod.Put, $"{Payments}/{payment["id"]}/status", new JsonObject { ["paymentStatus"] = "FAILED" });
        using var byIfMatch = await _http.SendJsonAsync(HttpMethod.Put, $"{Invoices}/{draft["id"]}/status",
            new JsonObject { ["status"] = "ISSUED" }, r => r.IfMatch($"\"{(int)draft["version"]!}\""));

        Assert.NotEmpty((await issue.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("version"));
        Assert.NotEmpty((await fail.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("version"));
        Assert.Equal("ISSUED", (string?)(await byIfMatch.ExpectJsonAsync(HttpStatusCode.OK))["status"]);
    }
}
