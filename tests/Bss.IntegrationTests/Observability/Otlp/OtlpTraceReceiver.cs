using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;
using Google.Protobuf;

namespace Bss.IntegrationTests.Observability.Otlp;

/// <summary>One span as a receiver sees it: ids in lowercase hex, the exporting silo from its resource.</summary>
public sealed record ReceivedSpan(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    Span.Types.SpanKind Kind,
    string Scope,
    string? ServiceName,
    string? ServiceInstanceId,
    IReadOnlyDictionary<string, string> Attributes);

/// <summary>
/// An OTLP/HTTP trace receiver (POST /v1/traces, binary protobuf, optionally gzip) that decodes every
/// ExportTraceServiceRequest it is sent, as a collector would, and keeps the spans for a test to look at.
/// </summary>
public sealed class OtlpTraceReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    private readonly Task _loop;
    private int _requests;
    private string? _error;

    public OtlpTraceReceiver()
    {
        Port = Infrastructure.TestEnvironment.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>The base address an exporter is given (OTEL_EXPORTER_OTLP_ENDPOINT); it posts to /v1/traces below it.</summary>
    public string Endpoint => $"http://127.0.0.1:{Port}";

    public IReadOnlyList<ReceivedSpan> Spans => [.. _spans];

    /// <summary>What the receiver saw, for a failing assertion's message.</summary>
    public string Describe() =>
        $"{_requests} export request(s), {_spans.Count} span(s){(_error is null ? "" : ", last error: " + _error)}:\n" +
        string.Join('\n', _spans.Select(s =>
            $"  {s.TraceId}/{s.SpanId} <- {s.ParentSpanId ?? "root"} {s.Kind} [{s.Scope}] {s.Name} @ {s.ServiceInstanceId}"));

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var response = context.Response;
            try
            {
                response.StatusCode = Handle(context.Request);
            }
            catch (InvalidProtocolBufferException e)
            {
                _error = e.Message;
                response.StatusCode = (int)HttpStatusCode.BadRequest;
            }

            if (response.StatusCode == (int)HttpStatusCode.OK)
            {
                // The answer an OTLP/HTTP exporter expects: an ExportTraceServiceResponse in the request's encoding.
                response.ContentType = "application/x-protobuf";
                new ExportTraceServiceResponse().WriteTo(response.OutputStream);
            }
        }
    }

    private int Handle(HttpListenerRequest request)
    {
        Interlocked.Increment(ref _requests);
        if (request.HttpMethod != "POST" || request.Url?.AbsolutePath != "/v1/traces")
        {
            _error = $"{request.HttpMethod} {request.Url?.AbsolutePath}";
            return (int)HttpStatusCode.NotFound;
        }

        if (request.ContentType?.StartsWith("application/x-protobuf", StringComparison.Ordinal) != true)
        {
            _error = "content type " + request.ContentType;
            return (int)HttpStatusCode.UnsupportedMediaType;
        }

        using var body = string.Equals(request.Headers["Content-Encoding"], "gzip", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(request.InputStream, CompressionMode.Decompress)
            : request.InputStream;
        var export = ExportTraceServiceRequest.Parser.ParseFrom(body);
        foreach (var resourceSpans in export.ResourceSpans)
        {
            var resource = resourceSpans.Resource?.Attributes ?? [];
            var service = Value(resource, "service.name");
            var instance = Value(resource, "service.instance.id");
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                foreach (var span in scopeSpans.Spans)
                {
                    _spans.Enqueue(new ReceivedSpan(
                        Hex(span.TraceId),
                        Hex(span.SpanId),
                        span.ParentSpanId.IsEmpty ? null : Hex(span.ParentSpanId),
                        span.Name,
                        span.Kind,
                        scopeSpans.Scope?.Name ?? "",
                        service,
                        instance,
                        span.Attributes.ToDictionary(a => a.Key, a => Text(a.Value))));
                }
            }
        }

        return (int)HttpStatusCode.OK;
    }

    private static string? Value(IEnumerable<KeyValue> attributes, string key) =>
        attributes.FirstOrDefault(a => a.Key == key) is { } found ? Text(found.Value) : null;

    private static string Text(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        null => "",
        _ => value.ToString(),
    };

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
