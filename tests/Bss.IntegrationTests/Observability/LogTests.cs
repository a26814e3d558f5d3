using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Bss.IntegrationTests.Infrastructure;
using Npgsql;

namespace Bss.IntegrationTests.Observability;

/// <summary>
/// The silo's console logs are JSON lines an on-call engineer can find an error answer's trace id in: a dependency's
/// 503 and a bug's 500 alike.
/// </summary>
public class LogTests
{
    [Fact]
    public async Task ErrorAnswer_TraceId_IsInAJsonLogLineNamingTheSilo()
    {
        await using var proxy = new TcpProxy(TestEnvironment.PgBouncerPort);
        var postgres = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresThroughPgBouncer) { Port = proxy.Port, Timeout = 3 };
        var options = SiloProcess.NewOptions("it-logs-" + Guid.NewGuid().ToString("N")[..8], "logs-" + Guid.NewGuid().ToString("N")[..6]) with
        {
            Postgres = postgres.ConnectionString,
        };
        await using var silo = await SiloProcess.StartAsync(options);

        proxy.Cut();
        string traceId;
        using (var create = await silo.Http.SendJsonAsync(HttpMethod.Post, Api.Customers, Api.NewCustomer()))
        {
            var problem = await create.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
            traceId = (string?)problem["traceId"] ?? throw new InvalidOperationException("no traceId in the problem");
        }

        proxy.Restore();

        var entry = await LineAsync(silo, traceId);
        Assert.Equal("Warning", entry.GetProperty("LogLevel").GetString());
    }

    [Fact]
    public async Task InternalErrorAnswer_TraceId_IsInAnErrorLogLineNamingTheSilo()
    {
        // Straight to PostgreSQL, every transaction read-only: the silo starts and reads, and a write fails with an
        // error about the SQL itself (25006), which no retry mends: a 500, the answer a bug gets.
        var readOnly = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresDirect) { Options = "-c default_transaction_read_only=on" };
        var options = SiloProcess.NewOptions("it-logs-" + Guid.NewGuid().ToString("N")[..8], "logs-" + Guid.NewGuid().ToString("N")[..6]) with
        {
            Postgres = readOnly.ConnectionString,
        };
        await using var silo = await SiloProcess.StartAsync(options);

        string traceId;
        using (var create = await silo.Http.SendJsonAsync(HttpMethod.Post, Api.Customers, Api.NewCustomer()))
        {
            var problem = await create.ExpectProblemAsync(HttpStatusCode.InternalServerError, "INTERNAL_ERROR");
            traceId = (string?)problem["traceId"] ?? throw new InvalidOperationException("no traceId in the problem");
        }

        var entry = await LineAsync(silo, traceId);
        Assert.Equal("Error", entry.GetProperty("LogLevel").GetString());
        Assert.Contains("25006", entry.GetProperty("Exception").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The application's line with the trace id, checked for what every line carries: UTC timestamp, level,
    /// category, the silo's name, the trace and span ids. The console logger writes from its own queue: the line may
    /// come a moment after the answer.
    /// </summary>
    private static async Task<JsonElement> LineAsync(SiloProcess silo, string traceId)
    {
        Assert.Matches("^[0-9a-f]{32}$", traceId);
        var clock = Stopwatch.StartNew();
        JsonElement? line = null;
        while (line is null)
        {
            line = LogLines(silo.Log).FirstOrDefault(l =>
                Scope(l, "TraceId") == traceId && l.GetProperty("Category").GetString()?.StartsWith("Bss.", StringComparison.Ordinal) == true);
            Assert.True(line is not null || clock.Elapsed < TimeSpan.FromSeconds(10), $"no log line of Bss.* with trace id {traceId}:\n{silo.Log}");
            if (line is null)
            {
                await Task.Delay(200);
            }
        }

        var entry = line.Value;
        Assert.Equal(silo.Name, Scope(entry, "Silo"));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", entry.GetProperty("Timestamp").GetString());
        Assert.Matches("^[0-9a-f]{16}$", Scope(entry, "SpanId"));
        return entry;
    }

    /// <summary>Every line of the output that is a JSON object (a failing test shows the rest).</summary>
    private static List<JsonElement> LogLines(string log)
    {
        var lines = new List<JsonElement>();
        foreach (var text in log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!text.StartsWith('{'))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(text);
                lines.Add(document.RootElement.Clone());
            }
            catch (JsonException)
            {
                // A line that is not one whole JSON object is not what this test looks for.
            }
        }

        return lines;
    }

    /// <summary>A value from the line's scopes (the silo's, then the request Activity's ids, then the rest).</summary>
    private static string? Scope(JsonElement line, string name) =>
        line.TryGetProperty("Scopes", out var scopes) && scopes.ValueKind == JsonValueKind.Array
            ? scopes.EnumerateArray()
                .Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty(name, out _))
                .Select(s => s.GetProperty(name).ToString())
                .FirstOrDefault()
            : null;
}
