using System.Diagnostics;
using System.Net;
using Bss.IntegrationTests.Infrastructure;
using Npgsql;

namespace Bss.IntegrationTests;

/// <summary>
/// Idempotency-Key records are kept for a retention period, then deleted (they hold whole responses, personal data
/// included); a repeat after that is a new request. A silo of its own with a retention of seconds.
/// </summary>
public class IdempotencyRetentionTests
{
    private static readonly Dictionary<string, string> ShortRetention = new()
    {
        ["Bss__Idempotency__Retention"] = "00:00:02",
        ["Bss__Idempotency__SweepInterval"] = "00:00:01",
    };

    [Fact]
    public async Task KeyPastItsRetention_IsSweptFromTheDatabase_AndARepeatIsANewRequestOnTheSameCustomer()
    {
        var options = SiloProcess.NewOptions("it-idem-" + Guid.NewGuid().ToString("N")[..8], "idempotency") with { Environment = ShortRetention };
        await using var silo = await SiloProcess.StartAsync(options);
        await using var db = NpgsqlDataSource.Create(TestEnvironment.PostgresThroughPgBouncer);
        var body = Api.NewCustomer();
        var key = Guid.NewGuid().ToString();

        using var first = await silo.Http.SendJsonAsync(HttpMethod.Post, Api.Customers, body, r => r.Headers.Add("Idempotency-Key", key));
        var id = (string)(await first.ExpectJsonAsync(HttpStatusCode.Created))["id"]!;
        Assert.Equal(1, await RecordsOfAsync(db, id));

        await WaitForAsync(async () => await RecordsOfAsync(db, id) == 0, TimeSpan.FromSeconds(20));
        using var repeat = await silo.Http.SendJsonAsync(HttpMethod.Post, Api.Customers, body, r => r.Headers.Add("Idempotency-Key", key));

        var again = await repeat.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.False(repeat.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(id, (string?)again["id"]);
    }

    [Fact]
    public async Task KeyUsedAgainPastItsRetention_DeletesItsRecordItself_AndStoresTheNewAnswer()
    {
        var environment = new Dictionary<string, string>(ShortRetention) { ["Bss__Idempotency__SweepInterval"] = "01:00:00" };
        var options = SiloProcess.NewOptions("it-idem-" + Guid.NewGuid().ToString("N")[..8], "idempotency-reuse") with { Environment = environment };
        await using var silo = await SiloProcess.StartAsync(options);
        await using var db = NpgsqlDataSource.Create(TestEnvironment.PostgresThroughPgBouncer);
        var body = Api.NewCustomer();
        var key = Guid.NewGuid().ToString();
        using var first = await silo.Http.SendJsonAsync(HttpMethod.Post, Api.Customers, body, r => r.Headers.Add("Idempotency-Key", key));
        var id = (string)(await first.ExpectJsonAsync(HttpStatusCode.Created))["id"]!;
        var firstCompletion = await CompletedAtAsync(db, id);

        // Replayed while the retention lasts (2 s), then answered anew: the grain deletes its row and stores the new answer.
        var replays = 0;
        HttpResponseMessage repeat;
        var clock = Stopwatch.StartNew();
        while ((repeat = await silo.Http.SendJsonAsync(HttpMethod.Post, Api.Customers, body, r => r.Headers.Add("Idempotency-Key", key)))
               .Headers.Contains("Idempotent-Replayed"))
        {
            repeat.Dispose();
            replays++;
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the key was still replayed after its retention");
            await Task.Delay(200);
        }

        using (repeat)
        {
            Assert.Equal(id, (string?)(await repeat.ExpectJsonAsync(HttpStatusCode.Created))["id"]);
        }

        Assert.True(replays > 0);
        Assert.Equal(1, await RecordsOfAsync(db, id));
        Assert.True(await CompletedAtAsync(db, id) > firstCompletion);
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
