using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;
using Bss.IntegrationTests.Observability.Otlp;
using static OpenTelemetry.Proto.Trace.V1.Span.Types;

namespace Bss.IntegrationTests.Observability;

/// <summary>
/// Traces as an OTLP collector receives them from two silo processes: one request is one trace, from the HTTP server
/// span on the silo that answered, through the grain call, to the grain on the other silo and its SQL.
/// </summary>
public class TraceTests
{
    [Fact]
    public async Task RequestOnOneSilo_ForAGrainOnTheOther_IsOneTraceFromHttpThroughBothSilosToSql()
    {
        await using var receiver = new OtlpTraceReceiver();
        var clusterId = "it-traces-" + Guid.NewGuid().ToString("N")[..8];
        var suffix = Guid.NewGuid().ToString("N")[..4];

        // Silo B starts no trace of its own (its roots are never sampled) and records a span only where the caller's
        // trace was sampled: what it exports then proves that the sampling decision travels with the grain call.
        await using var siloB = await SiloProcess.StartAsync(Traced(SiloProcess.NewOptions(clusterId, "trace-b-" + suffix), receiver, "parentbased_always_off"));

        // Alone in the cluster, silo B activates the customer: its grain lives on B from here on.
        var customer = await siloB.Http.CreateCustomerAsync();
        var id = (string)customer["id"]!;

        await using var siloA = await SiloProcess.StartAsync(Traced(SiloProcess.NewOptions(clusterId, "trace-a-" + suffix), receiver, "parentbased_always_on"));
        await EventuallyAsync(async () => (await siloA.ReadinessAsync()).Contains("2 active silo(s)", StringComparison.Ordinal),
            "silo A never saw both silos active");

        using (var suspend = await siloA.Http.SendJsonAsync(HttpMethod.Put, $"{Api.Customers}/{id}/status", new JsonObject { ["status"] = "SUSPENDED" }))
        {
            Assert.Equal("SUSPENDED", (string?)(await suspend.ExpectJsonAsync(HttpStatusCode.OK))["status"]);
        }

        ReceivedSpan? http = null, client = null, server = null, sql = null;
        List<ReceivedSpan> trace = [];
        await EventuallyAsync(() =>
        {
            var spans = receiver.Spans;
            http = spans.FirstOrDefault(s => s.Kind == SpanKind.Server && s.Scope == "Microsoft.AspNetCore"
                && s.Attributes.GetValueOrDefault("url.path") == $"{Api.Customers}/{id}/status");
            if (http is null)
            {
                return Task.FromResult(false);
            }

            trace = [.. spans.Where(s => s.TraceId == http.TraceId)];
            client = trace.FirstOrDefault(s => s.Kind == SpanKind.Client && s.ServiceInstanceId == siloA.Name && s.Name.Contains("ChangeStatus", StringComparison.Ordinal));
            server = client is null ? null : trace.FirstOrDefault(s => s.Kind == SpanKind.Server && s.ParentSpanId == client.SpanId);
            sql = server is null ? null : trace.FirstOrDefault(s => s.Scope == "Npgsql" && Descends(trace, s, server));
            return Task.FromResult(sql is not null);
        }, () => $"no span tree HTTP (silo A) -> grain call -> grain (silo B) -> SQL for PUT {Api.Customers}/{id}/status; {receiver.Describe()}");

        // One trace from the HTTP request down: the grain call is the request's, the grain runs on the other silo.
        Assert.Equal(siloA.Name, http!.ServiceInstanceId);
        Assert.Equal("bss-silo", http.ServiceName);
        Assert.Equal("PUT /api/v1/customers/{id}/status", http.Name);
        Assert.True(Descends(trace, client!, http), $"the grain call is not under the HTTP span; {receiver.Describe()}");
        Assert.Equal("Microsoft.Orleans.Application", client!.Scope);
        Assert.Equal(siloB.Name, server!.ServiceInstanceId);
        Assert.Equal(client.Name, server.Name);
        Assert.Equal(siloB.Name, sql!.ServiceInstanceId);
        Assert.All(trace, s => Assert.Contains(s.ServiceInstanceId, new[] { siloA.Name, siloB.Name }));

        // Silo B's own roots were not sampled: everything it exported belongs to a trace that silo A started.
        var startedByA = receiver.Spans.Where(s => s.ServiceInstanceId == siloA.Name).Select(s => s.TraceId).ToHashSet();
        var fromB = receiver.Spans.Where(s => s.ServiceInstanceId == siloB.Name).ToList();
        Assert.NotEmpty(fromB);
        Assert.All(fromB, s => Assert.Contains(s.TraceId, startedByA));
    }

    private static SiloProcess.Options Traced(SiloProcess.Options options, OtlpTraceReceiver receiver, string sampler) => options with
    {
        Environment = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_TRACES_SAMPLER"] = sampler,
            // The batch goes out every 200 ms instead of 5 s, so the test waits for the spans a moment only.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        },
    };

    /// <summary>Whether <paramref name="span"/> lies under <paramref name="ancestor"/> in the trace (any depth).</summary>
    private static bool Descends(List<ReceivedSpan> trace, ReceivedSpan span, ReceivedSpan ancestor)
    {
        var bySpanId = trace.ToDictionary(s => s.SpanId);
        for (var parent = span.ParentSpanId; parent is not null; parent = bySpanId.GetValueOrDefault(parent)?.ParentSpanId)
        {
            if (parent == ancestor.SpanId)
            {
                return true;
            }
        }

        return false;
    }

    private static Task EventuallyAsync(Func<Task<bool>> condition, string failure) => EventuallyAsync(condition, () => failure);

    private static async Task EventuallyAsync(Func<Task<bool>> condition, Func<string> failure)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), failure());
            await Task.Delay(250);
        }
    }
}
