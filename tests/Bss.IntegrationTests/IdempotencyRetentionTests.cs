using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;
using Npgsql;

namespace Bss.IntegrationTests;

/// <summary>
/// Idempotency-Key records are kept for a retention period; a repeat after that is a new request on the same resource.
/// A create keeps its key's record in the created entity (no record of its own to delete); other commands keep it in
/// the key's own grain, whose record (a whole response, personal data included) is deleted after the retention.
/// A silo of its own with a retention of seconds.
/// </summary>
public class IdempotencyRetentionTests
{
    private const string Payments = "/api/v1/payments";

    private static readonly Dictionary<string, string> ShortRetention = new()
    {
        ["Bss__Idempotency__Retention"] = "00:00:02",
        ["Bss__Idempotency__SweepInterval"] = "00:00:01",
    };

    [Fact]
    public async Task CreateKeyPastItsRetention_IsNoLongerReplayed_AndARepeatIsANewRequestOnTheSameCustomer()
    {
        await using var silo = await StartSiloAsync("idempotency-create", ShortRetention);
        await using var db = NpgsqlDataSource.Create(TestEnvironment.PostgresThroughPgBouncer);
        var body = Api.NewCustomer();
        var key = Guid.NewGuid().ToString();
        var id = await CreateAsync(silo.Http, Api.Customers, body, key);

        var replays = await RepeatWhileReplayedAsync(silo.Http, Api.Customers, body, key, async repeat =>
            Assert.Equal(id, (string?)(await repeat.ExpectJsonAsync(HttpStatusCode.Created))["id"]));

        Assert.True(replays > 0);
        Assert.Equal(0, await RecordsOfAsync(db, id));
    }

    [Fact]
    public async Task KeyPastItsRetention_IsSweptFromTheDatabase_AndARepeatIsANewRequestOnTheSamePayment()
    {
        await using var silo = await StartSiloAsync("idempotency", ShortRetention);
        await using var db = NpgsqlDataSource.Create(TestEnvironment.PostgresThroughPgBouncer);
        var body = await PaymentBodyAsync(silo.Http);
        var key = Guid.NewGuid().ToString();

        var id = await CreateAsync(silo.Http, Payments, body, key);
        Assert.Equal(1, await RecordsOfAsync(db, id));

        await WaitForAsync(async () => await RecordsOfAsync(db, id) == 0, TimeSpan.FromSeconds(20));
        using var repeat = await silo.Http.SendJsonAsync(HttpMethod.Post, Payments, body, r => r.Headers.Add("Idempotency-Key", key));

        var again = await repeat.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.False(repeat.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(id, (string?)again["id"]);
    }

    [Fact]
    public async Task KeyUsedAgainPastItsRetention_DeletesItsRecordItself_AndStoresTheNewAnswer()
    {
        var environment = new Dictionary<string, string>(ShortRetention) { ["Bss__Idempotency__SweepInterval"] = "01:00:00" };
        await using var silo = await StartSiloAsync("idempotency-reuse", environment);
        await using var db = NpgsqlDataSource.Create(TestEnvironment.PostgresThroughPgBouncer);
        var body = await PaymentBodyAsync(silo.Http);
        var key = Guid.NewGuid().ToString();
        var id = await CreateAsync(silo.Http, Payments, body, key);
        var firstCompletion = await CompletedAtAsync(db, id);

        // Replayed while the retention lasts (2 s), then answered anew: the grain deletes its row and stores the new answer.
        var replays = await RepeatWhileReplayedAsync(silo.Http, Payments, body, key, async repeat =>
            Assert.Equal(id, (string?)(await repeat.ExpectJsonAsync(HttpStatusCode.Created))["id"]));

        Assert.True(replays > 0);
        Assert.Equal(1, await RecordsOfAsync(db, id));
        Assert.True(await CompletedAtAsync(db, id) > firstCompletion);
    }

    private static Task<SiloProcess> StartSiloAsync(string name, Dictionary<string, string> environment) =>
        SiloProcess.StartAsync(SiloProcess.NewOptions("it-idem-" + Guid.NewGuid().ToString("N")[..8], name) with { Environment = environment });

    /// <summary>The first request with the key: 201, and the id of what it created.</summary>
    private static async Task<string> CreateAsync(HttpClient http, string path, JsonObject body, string key)
    {
        using var first = await http.SendJsonAsync(HttpMethod.Post, path, body, r => r.Headers.Add("Idempotency-Key", key));
        return (string)(await first.ExpectJsonAsync(HttpStatusCode.Created))["id"]!;
    }

    /// <summary>A payment: its create keeps the key in a grain of its own (it goes on to the invoice it pays).</summary>
    private static async Task<JsonObject> PaymentBodyAsync(HttpClient http) => new()
    {
        ["customerId"] = (string)(await http.CreateCustomerAsync())["id"]!,
        ["amount"] = 10.50m,
        ["paymentMethod"] = "CASH",
    };

    /// <summary>Repeats the request while it is replayed; answers how many were, and checks the first that was not.</summary>
    private static async Task<int> RepeatWhileReplayedAsync(HttpClient http, string path, JsonObject body, string key,
        Func<HttpResponseMessage, Task> checkNewAnswer)
    {
        var replays = 0;
        HttpResponseMessage repeat;
        var clock = Stopwatch.StartNew();
        while ((repeat = await http.SendJsonAsync(HttpMethod.Post, path, body, r => r.Headers.Add("Idempotency-Key", key)))
               .Headers.Contains("Idempotent-Replayed"))
        {
            repeat.Dispose();
            replays++;
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the key was still replayed after its retention");
            await Task.Delay(200);
        }

        using (repeat)
        {
            await checkNewAnswer(repeat);
        }

        return replays;
    }

    private static async Task<DateTimeOffset> CompletedAtAsync(NpgsqlDataSource db, string resourceId)
    {
        await using var command = db.CreateCommand("""
            SELECT (doc ->> 'completedAt')::timestamptz FROM orleansstorage
            WHERE graintypestring = 'idempotency' AND doc ->> 'resourceId' = $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = resourceId });
        return new DateTimeOffset((DateTime)(await command.ExecuteScalarAsync())!, TimeSpan.Zero);
    }

    /// <summary>Stored Idempotency-Key records whose resource is <paramref name="resourceId"/>.</summary>
    private static async Task<long> RecordsOfAsync(NpgsqlDataSource db, string resourceId)
    {
        await using var command = db.CreateCommand("""
            SELECT count(*) FROM orleansstorage
            WHERE graintypestring = 'idempotency' AND doc ->> 'resourceId' = $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = resourceId });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < timeout, "condition not met in time");
            await Task.Delay(200);
        }
    }
}
