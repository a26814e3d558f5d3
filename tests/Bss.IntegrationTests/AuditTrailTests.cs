using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;
using Npgsql;
using static Bss.IntegrationTests.BillingApi;

namespace Bss.IntegrationTests;

/// <summary>
/// The audit trail on real silos and the real database: every change leaves one record in the write's own statement,
/// refused and failed writes leave none, system work names its process, and the application's role cannot rewrite it.
/// Until the API signs callers in, changes through it carry no user; assertions on a user's name come with that.
/// </summary>
[Collection(ApiCluster.Name)]
public class AuditTrailTests(ApiClusterFixture cluster)
{
    private const string Audit = "/api/v1/audit";
    private static readonly TimeSpan CycleTimeout = TimeSpan.FromMinutes(3);

    private readonly HttpClient _http = cluster.Http;

    private async Task<JsonObject[]> TrailAsync(string entityType, string entityId, HttpClient? http = null)
    {
        var page = await (http ?? _http).GetJsonAsync($"{Audit}?entityType={entityType}&entityId={entityId}&size=100");
        return page["content"]!.AsArray().Select(e => e!.AsObject()).ToArray();
    }

    private static JsonObject Change(JsonObject entry, string field) => entry["changes"]![field]!.AsObject();

    [Fact]
    public async Task CustomerCreateAndUpdate_AppearNewestFirst_WithTheTokensUserAndMaskedBeforeAndAfter()
    {
        using var operatorClient = cluster.Silo1.As(Identity.Operator);
        using var manager = cluster.Silo2.As(Identity.Manager);
        var created = await operatorClient.CreateCustomerAsync();
        var id = (string)created["id"]!;
        var update = Api.NewCustomer();
        update["lastName"] = "Zmieniona";
        update["pesel"] = "02070803628";
        update["version"] = 1;
        using (var response = await operatorClient.SendJsonAsync(HttpMethod.Put, $"{Api.Customers}/{id}", update))
        {
            await response.ExpectJsonAsync(HttpStatusCode.OK);
        }

        var trail = await TrailAsync("customer", id, manager);

        Assert.Equal(["UPDATE", "CREATE"], trail.Select(e => (string)e["action"]!));
        Assert.Equal([2, 1], trail.Select(e => (int)e["version"]!));
        Assert.All(trail, e =>
        {
            Assert.Equal("customer", (string?)e["entityType"]);
            Assert.Equal(id, (string?)e["entityId"]);
            Assert.Equal(Identity.Operator, (string?)e["actor"]);
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", (string?)e["occurredAt"]);
        });
        var (changed, first) = (trail[0], trail[1]);
        Assert.Null(Change(first, "pesel")["before"]);
        Assert.Equal("4405******9", (string?)Change(first, "pesel")["after"]);
        Assert.Equal("+48*******00", (string?)Change(first, "phone")["after"]);
        Assert.Equal("1234*****0", (string?)Change(first, "nip")["after"]);
        Assert.Equal("a***@example.com", (string?)Change(first, "email")["after"]);
        Assert.Equal("ACTIVE", (string?)Change(first, "status")["after"]);

        // Only what changed, without bookkeeping (updatedAt, version, the actor stamp).
        Assert.Equal(["email", "lastName", "pesel"], changed["changes"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal((string?)created["lastName"], (string?)Change(changed, "lastName")["before"]);
        Assert.Equal("Zmieniona", (string?)Change(changed, "lastName")["after"]);
        Assert.Equal("4405******9", (string?)Change(changed, "pesel")["before"]);
        Assert.Equal("0207******8", (string?)Change(changed, "pesel")["after"]);
        Assert.DoesNotContain("44051401359", changed.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusChangeAndDelete_AreNamedSo()
    {
        var id = (string)(await _http.CreateCustomerAsync())["id"]!;
        (await _http.SendJsonAsync(HttpMethod.Put, $"{Api.Customers}/{id}/status", new JsonObject { ["status"] = "SUSPENDED" })).Dispose();
        using (var deleted = await _http.DeleteAsync($"{Api.Customers}/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        var trail = await TrailAsync("customer", id);

        Assert.Equal(["DELETE", "STATUS_CHANGE", "CREATE"], trail.Select(e => (string)e["action"]!));
        Assert.Equal("SUSPENDED", (string?)Change(trail[1], "status")["after"]);
        Assert.Equal("ACTIVE", (string?)Change(trail[1], "status")["before"]);
    }

    [Fact]
    public async Task RefusedWrites_ValidationStaleVersionAndIllegalTransition_LeaveNoRecord()
    {
        var id = (string)(await _http.CreateCustomerAsync())["id"]!;
        var path = $"{Api.Customers}/{id}";

        var invalid = Api.NewCustomer();
        invalid["email"] = "not-an-email";
        invalid["version"] = 1;
        using (var response = await _http.SendJsonAsync(HttpMethod.Put, path, invalid))
        {
            await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        }

        var stale = Api.NewCustomer();
        stale["version"] = 7;
        using (var response = await _http.SendJsonAsync(HttpMethod.Put, path, stale))
        {
            await response.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        }

        (await _http.SendJsonAsync(HttpMethod.Put, $"{path}/status", new JsonObject { ["status"] = "TERMINATED" })).Dispose();
        using (var response = await _http.SendJsonAsync(HttpMethod.Put, $"{path}/status", new JsonObject { ["status"] = "ACTIVE" }))
        {
            await response.ExpectProblemAsync(HttpStatusCode.Conflict, "INVALID_TRANSITION");
        }

        var trail = await TrailAsync("customer", id);
        Assert.Equal(["STATUS_CHANGE", "CREATE"], trail.Select(e => (string)e["action"]!));
        Assert.Equal("TERMINATED", (string?)Change(trail[0], "status")["after"]);
    }

    [Fact]
    public async Task WriteRefusedByAUniqueIndex_LeavesNoRecord()
    {
        var first = CatalogApi.NewProduct();
        var code = (string)first["productCode"]!;
        await _http.CreateProductAsync(first);
        var second = CatalogApi.NewProduct();
        second["productCode"] = code;

        using (var response = await _http.SendJsonAsync(HttpMethod.Post, CatalogApi.Products, second))
        {
            await response.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT");
        }

        // The second product's state write failed in the read model's unique index: its audit row went with it.
        await using var db = NpgsqlDataSource.Create(TestEnvironment.PostgresThroughPgBouncer);
        await using var count = db.CreateCommand(
            "SELECT count(*) FROM audit.audit_log WHERE entity_type = 'product' AND changes -> 'productCode' ->> 'after' = @code");
        count.Parameters.AddWithValue("code", code);
        Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task BillingCycle_InvoicesAndAccountRun_AreTheBillingProcesses()
    {
        var day = NewCycleDay();
        var date = NewCycleDate(day);
        var productId = (string)(await _http.CreatePricedProductAsync(30m))["id"]!;
        var (customerId, _) = await _http.CreateBilledCustomerAsync(day, productId, date);

        var cycle = await _http.CreateCycleAsync(date, process: true);
        await _http.WaitForCycleAsync((string)cycle["id"]!, "PROCESSED", CycleTimeout);

        var invoice = Assert.Single(await _http.InvoicesOfAsync(customerId));
        var invoiceTrail = await TrailAsync("invoice", (string)invoice["id"]!);
        Assert.Contains(invoiceTrail, e => (string?)e["action"] == "CREATE");
        Assert.All(invoiceTrail, e => Assert.Equal("system:billing", (string?)e["actor"]));
        var accountTrail = await TrailAsync("billing-account", customerId);
        Assert.Contains(accountTrail, e => (string?)e["actor"] == "system:billing" && e["changes"]!["lastCycleDate"] is not null);
    }

    [Fact]
    public async Task AccountRunAskedForThroughTheApi_IsTheCallers_NotTheBillingProcess()
    {
        var date = NewCycleDate(UncycledDay);
        var productId = (string)(await _http.CreatePricedProductAsync(20m))["id"]!;
        var (customerId, _) = await _http.CreateBilledCustomerAsync(UncycledDay, productId, date);

        using (var run = await _http.PostAsync($"{Account(customerId)}/run?date={Day(date)}", null))
        {
            Assert.Single((await run.ExpectJsonAsync(HttpStatusCode.OK))["invoices"]!.AsArray());
        }

        var invoice = Assert.Single(await _http.InvoicesOfAsync(customerId));
        var trail = await TrailAsync("invoice", (string)invoice["id"]!);
        Assert.NotEmpty(trail);
        Assert.All(trail, e => Assert.Equal(Identity.SuperAdmin, (string?)e["actor"]));
    }

    [Fact]
    public async Task Filters_ByActorAndTimeWindow_AndPaging()
    {
        var id = (string)(await _http.CreateCustomerAsync())["id"]!;
        var entry = Assert.Single(await TrailAsync("customer", id));
        var at = (string)entry["occurredAt"]!;
        var actor = (string)entry["actor"]!;

        var inWindow = await _http.GetJsonAsync($"{Audit}?entityId={id}&actor={Uri.EscapeDataString(actor)}&from={at}&to={at}");
        var before = await _http.GetJsonAsync($"{Audit}?entityId={id}&to=2000-01-01");
        var sameDay = await _http.GetJsonAsync($"{Audit}?entityId={id}&from={at[..10]}&to={at[..10]}");
        var otherActor = await _http.GetJsonAsync($"{Audit}?entityId={id}&actor=nobody-{Guid.NewGuid():N}");
        var paged = await _http.GetJsonAsync($"{Audit}?size=1&page=0&sort=occurredAt,asc");

        Assert.Equal(1L, (long)inWindow["totalElements"]!);
        Assert.Equal(0L, (long)before["totalElements"]!);
        Assert.Equal(1L, (long)sameDay["totalElements"]!);
        Assert.Equal(0L, (long)otherActor["totalElements"]!);
        Assert.Equal(1, (int)paged["numberOfElements"]!);
        Assert.True((long)paged["totalElements"]! >= 1);
    }

    [Theory]
    [InlineData("to=9999-12-31")]
    [InlineData("to=9999-12-31T23:59:59.9999999Z")]
    public async Task List_ToTheLastRepresentableInstant_IsAWindowWithoutEnd(string to)
    {
        var id = (string)(await _http.CreateCustomerAsync())["id"]!;

        var found = await _http.GetJsonAsync($"{Audit}?entityId={id}&{to}");

        Assert.Equal(1L, (long)found["totalElements"]!);
    }

    [Theory]
    [InlineData("entityId=42", "entityId")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-01", "to")]
    [InlineData("from=2026-12-02&to=2026-12-01", "to")]
    [InlineData("sort=changes", "sort")]
    [InlineData("size=101", "size")]
    public async Task List_BadQuery_Returns400NamingTheField(string query, string field)
    {
        using var response = await _http.GetAsync($"{Audit}?{query}");

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.NotEmpty(problem.FieldErrors(field));
    }

    [Theory]
    [InlineData("UPDATE audit.audit_log SET actor = 'someone else'")]
    [InlineData("DELETE FROM audit.audit_log")]
    [InlineData("TRUNCATE audit.audit_log")]
    [InlineData("INSERT INTO audit.audit_log (actor, entity_type, version, action, changes) VALUES ('forged', 'customer', 1, 'UPDATE', '{}')")]
    [InlineData("DROP TABLE audit.audit_log")]
    [InlineData("CREATE OR REPLACE FUNCTION audit.record_state_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$")]
    public async Task ApplicationRole_CannotRewriteTheTrail(string sql)
    {
        await using var db = NpgsqlDataSource.Create(TestEnvironment.PostgresThroughPgBouncer);
        await using var command = db.CreateCommand(sql);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        // 42501 insufficient_privilege: "permission denied" / "must be owner".
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }
}
