using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Contract;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests;

/// <summary>Every order route, the customer/product rules, completion across grains over HTTP, filters and errors.</summary>
[Collection(ApiCluster.Name)]
public class OrderApiTests(ApiClusterFixture cluster)
{
    private readonly HttpClient _http = cluster.Http;

    private async Task<string> CustomerIdAsync() => (string)(await _http.CreateCustomerAsync())["id"]!;

    private async Task<JsonObject> MinimalOrderAsync(string? customerId = null) => new()
    {
        ["customerId"] = customerId ?? await CustomerIdAsync(),
        ["items"] = new JsonArray(new JsonObject { ["productId"] = (string)(await _http.CreateProductAsync())["id"]! }),
    };

    [Fact]
    public async Task Create_MinimalBody_Returns201WithDefaultsAndEveryField()
    {
        var body = await MinimalOrderAsync();
        ((JsonObject)body["items"]![0]!)["quantity"] = 2;

        using var response = await _http.SendJsonAsync(HttpMethod.Post, OrderApi.Orders, body);
        var order = await response.ExpectJsonAsync(HttpStatusCode.Created);

        Assert.Equal(OrderApi.PathOf(order), response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Matches("^ORD-[0-9A-F]{12}$", (string?)order["orderNumber"]);
        Assert.Equal((string?)body["customerId"], (string?)order["customerId"]);
        Assert.StartsWith("Anna Nowak", (string?)order["customerName"], StringComparison.Ordinal);
        Assert.Equal(("NEW", "New"), ((string?)order["orderType"], (string?)order["orderTypeDisplayName"]));
        Assert.Equal(("PENDING", "Pending"), ((string?)order["status"], (string?)order["statusDisplayName"]));
        Assert.Equal(("NORMAL", "Normal"), ((string?)order["priority"], (string?)order["priorityDisplayName"]));
        Assert.Equal(99.98m, (decimal?)order["totalAmount"]);
        Assert.Equal("PLN", (string?)order["currency"]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", (string?)order["requestedDate"]);
        order.AssertAbsent("promisedDate", "completedDate", "orderChannel", "salesRepId", "salesRepName", "notes", "completion");

        Assert.True((bool?)order["isPending"]);
        Assert.False((bool?)order["isCompleted"]);
        Assert.True((bool?)order["canBeCancelled"]);
        Assert.Equal(1, (int?)order["itemCount"]);
        var item = order["items"]![0]!;
        Assert.Equal((49.99m, 2, "NEW", "TARIFF"), ((decimal?)item["unitPrice"], (int?)item["quantity"], (string?)item["action"], (string?)item["productType"]));
        Assert.EndsWith("Z", (string?)order["createdAt"], StringComparison.Ordinal);
        Assert.Equal(1, (int?)order["version"]);
    }

    [Fact]
    public async Task Create_InvalidFields_Returns400NamingEachField()
    {
        var body = await MinimalOrderAsync();
        body["orderNumber"] = "AB";
        body["orderType"] = "SWAP";
        body["priority"] = "LATER";
        body["notes"] = new string('n', 2001);
        body["requestedDate"] = "2026-12-10";
        body["promisedDate"] = "2026-12-01";
        body["items"]!.AsArray().Add(new JsonObject { ["productId"] = "nope", ["quantity"] = 0, ["unitPrice"] = 1.005m, ["simCardId"] = "x" });

        using var response = await _http.SendJsonAsync(HttpMethod.Post, OrderApi.Orders, body);
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        foreach (var field in new[] { "orderType", "priority", "items[1].productId", "items[1].simCardId" })
        {
            Assert.NotEmpty(problem.FieldErrors(field));
        }

        body["orderType"] = "NEW";
        body["priority"] = "LOW";
        body["items"]![1]!["productId"] = Guid.NewGuid().ToString();
        body["items"]![1]!["simCardId"] = null;
        using var second = await _http.SendJsonAsync(HttpMethod.Post, OrderApi.Orders, body);
        var rules = await second.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        foreach (var field in new[] { "orderNumber", "notes", "promisedDate", "items[1].quantity", "items[1].unitPrice", "items[1].productId" })
        {
            Assert.NotEmpty(rules.FieldErrors(field));
        }
    }

    [Fact]
    public async Task Create_NoItemsUnknownCustomer_Returns400NamingOnlyTheCustomer()
    {
        using var response = await _http.SendJsonAsync(HttpMethod.Post, OrderApi.Orders, new JsonObject { ["customerId"] = Guid.NewGuid().ToString() });

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.Empty(problem.FieldErrors("items"));
        Assert.Equal(["does not name an existing customer"], problem.FieldErrors("customerId"));
    }

    [Fact]
    public async Task Create_StatusOtherThanPending_Returns400NamingStatus()
    {
        using var response = await _http.SendJsonAsync(HttpMethod.Post, OrderApi.Orders,
            new JsonObject { ["customerId"] = await CustomerIdAsync(), ["status"] = "CONFIRMED" });

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.NotEmpty(problem.FieldErrors("status"));
    }

    [Fact]
    public async Task HeaderOrder_ConfirmWithoutItems_Returns409NamingItems_ThenItemsAreAddedChangedRemovedAndItConfirms()
    {
        var order = await _http.CreateOrderAsync(new JsonObject { ["customerId"] = await CustomerIdAsync(), ["totalAmount"] = 10m });
        var tariff = (string)(await _http.CreateProductAsync())["id"]!;
        var router = (string)(await _http.CreateProductAsync())["id"]!;
        using var operatorClient = cluster.Silo1.As(Identity.Operator);

        using var refused = await _http.SendJsonAsync(HttpMethod.Put, $"{OrderApi.PathOf(order)}/status", new JsonObject { ["status"] = "CONFIRMED" });
        Assert.NotEmpty((await refused.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT")).FieldErrors("items"));

        using var adding = await operatorClient.SendJsonAsync(HttpMethod.Post, $"{OrderApi.PathOf(order)}/items",
            new JsonObject { ["productId"] = tariff, ["quantity"] = 2 });
        var added = await adding.ExpectJsonAsync(HttpStatusCode.Created);
        using var second = await operatorClient.SendJsonAsync(HttpMethod.Post, $"{OrderApi.PathOf(order)}/items",
            new JsonObject { ["productId"] = router, ["version"] = (int)added["version"]! });
        var two = await second.ExpectJsonAsync(HttpStatusCode.Created);
        var routerItem = (string)two["items"]![1]!["id"]!;
        Assert.Equal((2, 3 * 49.99m), ((int?)two["itemCount"], (decimal?)two["totalAmount"]));

        using var changing = await operatorClient.SendJsonAsync(HttpMethod.Put, $"{OrderApi.PathOf(order)}/items/{routerItem}",
            new JsonObject { ["productId"] = router, ["quantity"] = 1, ["unitPrice"] = 5m });
        var changed = await changing.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal((routerItem, 5m, 2 * 49.99m + 5m), ((string?)changed["items"]![1]!["id"], (decimal?)changed["items"]![1]!["unitPrice"], (decimal?)changed["totalAmount"]));

        using var removing = await operatorClient.DeleteAsync($"{OrderApi.PathOf(order)}/items/{routerItem}");
        var removed = await removing.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal((1, 2 * 49.99m), ((int?)removed["itemCount"], (decimal?)removed["totalAmount"]));
        ContractSchemas.AssertConforms("orders", removed, "DELETE /orders/{id}/items/{itemId}");

        var confirmed = await _http.PutStatusAsync(OrderApi.PathOf(order), "CONFIRMED");
        Assert.Equal("CONFIRMED", (string?)confirmed["status"]);
        using var late = await _http.SendJsonAsync(HttpMethod.Post, $"{OrderApi.PathOf(order)}/items", new JsonObject { ["productId"] = router });
        Assert.NotEmpty((await late.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT")).FieldErrors("items"));
    }

    [Fact]
    public async Task AddItem_RetriedWithTheSameIdempotencyKey_AddsOnce()
    {
        var order = await _http.CreateOrderAsync(new JsonObject { ["customerId"] = await CustomerIdAsync() });
        var body = new JsonObject { ["productId"] = (string)(await _http.CreateProductAsync())["id"]! };
        var key = Guid.NewGuid().ToString();

        using var first = await _http.SendJsonAsync(HttpMethod.Post, $"{OrderApi.PathOf(order)}/items", body, r => r.Headers.Add("Idempotency-Key", key));
        using var retry = await _http.SendJsonAsync(HttpMethod.Post, $"{OrderApi.PathOf(order)}/items", body, r => r.Headers.Add("Idempotency-Key", key));

        Assert.Equal(((string?)(await first.ExpectJsonAsync(HttpStatusCode.Created))["items"]![0]!["id"], 1),
            ((string?)(await retry.ExpectJsonAsync(HttpStatusCode.Created))["items"]![0]!["id"], (int?)(await _http.GetJsonAsync(OrderApi.PathOf(order)))["itemCount"]));
    }

    [Fact]
    public async Task ChangeOrRemoveItem_UnknownItemOrBadId_Returns404Or400()
    {
        var order = await _http.CreateOrderAsync(new JsonObject { ["customerId"] = await CustomerIdAsync() });

        using var unknown = await _http.DeleteAsync($"{OrderApi.PathOf(order)}/items/{Guid.NewGuid()}");
        using var malformed = await _http.SendJsonAsync(HttpMethod.Put, $"{OrderApi.PathOf(order)}/items/nope", new JsonObject());

        await unknown.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.NotEmpty((await malformed.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("itemId"));
    }

    [Fact]
    public async Task Create_SuspendedCustomerOrInactiveProduct_Returns409NamingIt()
    {
        var customer = await _http.CreateCustomerAsync();
        await _http.PutStatusAsync($"{Api.Customers}/{customer["id"]}", "SUSPENDED");
        using var suspended = await _http.SendJsonAsync(HttpMethod.Post, OrderApi.Orders, await MinimalOrderAsync((string)customer["id"]!));
        Assert.NotEmpty((await suspended.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT")).FieldErrors("customerId"));

        var body = await MinimalOrderAsync();
        await _http.PutStatusAsync($"{CatalogApi.Products}/{body["items"]![0]!["productId"]}", "INACTIVE");
        using var inactive = await _http.SendJsonAsync(HttpMethod.Post, OrderApi.Orders, body);
        Assert.NotEmpty((await inactive.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT")).FieldErrors("items[0].productId"));
    }

    [Fact]
    public async Task Create_TakenOrderNumber_Returns409NamingIt()
    {
        var body = await MinimalOrderAsync();
        body["orderNumber"] = "ORD-IT-" + Guid.NewGuid().ToString("N")[..10];
        await _http.CreateOrderAsync(body);

        using var response = await cluster.Silo2.Http.SendJsonAsync(HttpMethod.Post, OrderApi.Orders, body);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        Assert.NotEmpty(problem.FieldErrors("orderNumber"));
    }

    [Fact]
    public async Task Create_SameIdempotencyKey_ReplaysAndOtherBodyIs422()
    {
        var body = await MinimalOrderAsync();
        var key = Guid.NewGuid().ToString();

        using var first = await _http.SendJsonAsync(HttpMethod.Post, OrderApi.Orders, body, r => r.Headers.Add("Idempotency-Key", key));
        using var replay = await cluster.Silo2.Http.SendJsonAsync(HttpMethod.Post, OrderApi.Orders, body, r => r.Headers.Add("Idempotency-Key", key));
        body["notes"] = "other";
        using var other = await _http.SendJsonAsync(HttpMethod.Post, OrderApi.Orders, body, r => r.Headers.Add("Idempotency-Key", key));

        var created = await first.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal(created.ToJsonString(), (await replay.ExpectJsonAsync(HttpStatusCode.Created)).ToJsonString());
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        await other.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED");
    }

    [Fact]
    public async Task Get_ThroughEitherSilo_AnswersAndUnknown404Malformed400()
    {
        var created = await _http.CreateOrderAsync(await MinimalOrderAsync());

        using var read = await cluster.Silo2.Http.GetAsync(OrderApi.PathOf(created));
        using var unknown = await _http.GetAsync($"{OrderApi.Orders}/{Guid.NewGuid()}");
        using var malformed = await _http.GetAsync($"{OrderApi.Orders}/not-a-uuid");

        Assert.Equal(created.ToJsonString(), (await read.ExpectJsonAsync(HttpStatusCode.OK)).ToJsonString());
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
        await unknown.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await malformed.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
    }

    [Fact]
    public async Task Complete_ItemsWithEveryEffect_CreatesEachOnce_AndARetryChangesNothing()
    {
        var customerId = await CustomerIdAsync();
        var parts = new[] { await _http.CreateItemPartsAsync(), await _http.CreateItemPartsAsync(service: false, sim: false) };
        var order = await _http.ToProcessingAsync(await _http.CreateOrderAsync(OrderApi.NewOrder(customerId, parts)));
        Assert.Equal("PROCESSING", (string?)order["status"]);

        var completed = await _http.PutStatusAsync(OrderApi.PathOf(order), "COMPLETED");
        var retried = await cluster.Silo2.Http.PutStatusAsync(OrderApi.PathOf(order), "COMPLETED");

        Assert.Equal(("COMPLETED", true, false, false), ((string?)completed["status"], (bool?)completed["isCompleted"],
            (bool?)completed["isPending"], (bool?)completed["canBeCancelled"]));
        Assert.NotNull((string?)completed["completedDate"]);
        var completion = completed["completion"]!;
        Assert.Equal("DONE", (string?)completion["state"]);
        Assert.Equal(
            ["SUBSCRIPTION", "SERVICE_ACTIVATION", "ASSET_ASSIGNMENT", "SIM_CARD_ASSIGNMENT", "SUBSCRIPTION", "ASSET_ASSIGNMENT"],
            completion["steps"]!.AsArray().Select(s => (string)s!["effect"]!));
        Assert.All(completion["steps"]!.AsArray(), s => Assert.Equal("SUCCEEDED", (string?)s!["status"]));
        Assert.Equal(completed.ToJsonString(), retried.ToJsonString());
        Assert.Equal((2L, 1L, 2L, 1L), await _http.HoldingsAsync(customerId));
        var subscription = await _http.GetJsonAsync($"{CatalogApi.Subscriptions}/{completion["steps"]![0]!["targetId"]}");
        Assert.Equal((string?)order["id"], (string?)subscription["orderId"]);
    }

    [Fact]
    public async Task Complete_SimHeldByAnother_Returns409AndShowsTheFailedStep_ThenARetryResumes()
    {
        var customerId = await CustomerIdAsync();
        var parts = await _http.CreateItemPartsAsync(service: false, asset: false);
        using (var taken = await _http.SendJsonAsync(HttpMethod.Post, $"{SimCardApiTests.Sims}/{parts.SimCardId}/assign",
                   new JsonObject { ["customerId"] = await CustomerIdAsync() }))
        {
            await taken.ExpectJsonAsync(HttpStatusCode.OK);
        }

        var order = await _http.ToProcessingAsync(await _http.CreateOrderAsync(OrderApi.NewOrder(customerId, parts)));

        using var refused = await _http.SendJsonAsync(HttpMethod.Put, $"{OrderApi.PathOf(order)}/status", new JsonObject { ["status"] = "COMPLETED" });
        var problem = await refused.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        Assert.Contains("already assigned", (string?)problem["message"], StringComparison.Ordinal);
        var shown = await cluster.Silo2.Http.GetJsonAsync(OrderApi.PathOf(order));
        Assert.Equal(("PROCESSING", "FAILED", false), ((string?)shown["status"], (string?)shown["completion"]!["state"], (bool?)shown["canBeCancelled"]));
        Assert.Equal(["SUCCEEDED", "FAILED"], shown["completion"]!["steps"]!.AsArray().Select(s => (string)s!["status"]!));
        Assert.Contains("already assigned", (string?)shown["completion"]!["steps"]![1]!["error"], StringComparison.Ordinal);

        using (var released = await _http.SendJsonAsync(HttpMethod.Post, $"{SimCardApiTests.Sims}/{parts.SimCardId}/release", null))
        {
            await released.ExpectJsonAsync(HttpStatusCode.OK);
        }

        var resumed = await _http.PutStatusAsync(OrderApi.PathOf(order), "COMPLETED");
        Assert.Equal("COMPLETED", (string?)resumed["status"]);
        Assert.Equal([1, 2], resumed["completion"]!["steps"]!.AsArray().Select(s => (int)s!["attempts"]!));
        Assert.Equal((1L, 0L, 0L, 1L), await _http.HoldingsAsync(customerId));
    }

    [Fact]
    public async Task ChangeStatus_IllegalMoves409_UnknownStatus400_StaleVersions409And412_Unknown404()
    {
        var order = await _http.CreateOrderAsync(await MinimalOrderAsync());
        var path = $"{OrderApi.PathOf(order)}/status";

        using var skip = await _http.SendJsonAsync(HttpMethod.Put, path, new JsonObject { ["status"] = "COMPLETED" });
        using var unknownStatus = await _http.SendJsonAsync(HttpMethod.Put, path, new JsonObject { ["status"] = "SHIPPED" });
        using var stale = await _http.SendJsonAsync(HttpMethod.Put, path, new JsonObject { ["status"] = "CONFIRMED", ["version"] = 9 });
        using var staleIfMatch = await _http.SendJsonAsync(HttpMethod.Put, path, new JsonObject { ["status"] = "CONFIRMED" }, r => r.IfMatch("\"9\""));
        using var otherId = await _http.SendJsonAsync(HttpMethod.Put, path, new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["status"] = "CONFIRMED" });
        using var unknown = await _http.SendJsonAsync(HttpMethod.Put, $"{OrderApi.Orders}/{Guid.NewGuid()}/status", new JsonObject { ["status"] = "CONFIRMED" });
        using var confirmed = await _http.SendJsonAsync(HttpMethod.Put, path, new JsonObject { ["status"] = "CONFIRMED" }, r => r.IfMatch("\"1\""));
        var cancelled = await _http.PutStatusAsync(OrderApi.PathOf(order), "CANCELLED");
        using var afterCancel = await _http.SendJsonAsync(HttpMethod.Put, path, new JsonObject { ["status"] = "PROCESSING" });

        await skip.ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        Assert.NotEmpty((await unknownStatus.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("status"));
        await stale.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        await staleIfMatch.ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED");
        Assert.NotEmpty((await otherId.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors("id"));
        await unknown.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal("\"2\"", confirmed.Headers.ETag?.Tag);
        Assert.Equal(("CANCELLED", false), ((string?)cancelled["status"], (bool?)cancelled["canBeCancelled"]));
        await afterCancel.ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
    }

    [Fact]
    public async Task List_FiltersByStatusTypeCustomerAndSearch_PagesAndSorts()
    {
        var customerId = await CustomerIdAsync();
        var marker = "mark" + Guid.NewGuid().ToString("N")[..8];
        var cheap = await MinimalOrderAsync(customerId);
        cheap["notes"] = $"cheap {marker}";
        var dear = await MinimalOrderAsync(customerId);
        dear["orderType"] = "UPGRADE";
        dear["items"]![0]!["quantity"] = 3;
        dear["orderNumber"] = $"ORD-{marker}";
        var first = await _http.CreateOrderAsync(cheap);
        var second = await _http.CreateOrderAsync(dear);
        await _http.PutStatusAsync(OrderApi.PathOf(second), "CONFIRMED");

        var byCustomer = await _http.GetJsonAsync($"{OrderApi.Orders}?customerId={customerId}&sort=totalAmount,desc&size=1");
        var byType = await _http.GetJsonAsync($"{OrderApi.Orders}?customerId={customerId}&type=UPGRADE");
        var byStatus = await _http.GetJsonAsync($"{OrderApi.Orders}?customerId={customerId}&status=PENDING");
        var byNotes = await _http.GetJsonAsync($"{OrderApi.Orders}?searchTerm={marker.ToUpperInvariant()}");
        var byName = await _http.GetJsonAsync($"{OrderApi.Orders}?searchTerm={Uri.EscapeDataString((string)first["customerName"]!)}");

        Assert.Equal((2L, 2, 1), ((long)byCustomer["totalElements"]!, (int)byCustomer["totalPages"]!, (int)byCustomer["size"]!));
        Assert.Equal([(string)second["id"]!], byCustomer.Ids());
        Assert.Equal([(string)second["id"]!], byType.Ids());
        Assert.Equal([(string)first["id"]!], byStatus.Ids());
        Assert.Equal([(string)second["id"]!, (string)first["id"]!], byNotes.Ids());
        Assert.Equal(2, byName.Ids().Length);
    }

    [Theory]
    [InlineData("status=OPEN", "status")]
    [InlineData("type=SWAP", "type")]
    [InlineData("customerId=x", "customerId")]
    [InlineData("sort=customerName", "sort")]
    [InlineData("size=0", "size")]
    public async Task List_BadQuery_Returns400NamingTheParameter(string query, string field)
    {
        using var response = await _http.GetAsync($"{OrderApi.Orders}?{query}");

        Assert.NotEmpty((await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED")).FieldErrors(field));
    }

    [Fact]
    public async Task Stats_CountEveryStatus_AndFollowACancel()
    {
        var order = await _http.CreateOrderAsync(await MinimalOrderAsync());
        var before = await _http.GetJsonAsync($"{OrderApi.Orders}/stats");

        await _http.PutStatusAsync(OrderApi.PathOf(order), "CANCELLED");
        var after = await cluster.Silo2.Http.GetJsonAsync($"{OrderApi.Orders}/stats");

        var statuses = after["byStatus"]!.AsObject().Select(p => p.Key).ToArray();
        Assert.Equal(["PENDING", "CONFIRMED", "PROCESSING", "COMPLETED", "CANCELLED"], statuses);
        Assert.Equal((long)before["byStatus"]!["CANCELLED"]! + 1, (long)after["byStatus"]!["CANCELLED"]!);
        Assert.True((long)after["total"]! >= 1);
    }
}
