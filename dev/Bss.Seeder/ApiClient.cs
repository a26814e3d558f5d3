using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bss.ClientAuth;

namespace Bss.Seeder;

/// <summary>One answer: the status, the JSON body (entity or problem) and whether it was an idempotent replay.</summary>
internal sealed record ApiAnswer(int Status, JsonNode? Body, bool Replayed)
{
    public bool Ok => Status is >= 200 and < 300;

    public string Id => (string)Body!["id"]!;

    public string? Text(string field) => Body?[field]?.GetValueKind() == JsonValueKind.String ? (string?)Body[field] : null;

    public string Problem => Body?["message"]?.ToString() ?? Body?["detail"]?.ToString() ?? $"HTTP {Status}";
}

/// <summary>What the seeder did to one resource in this run.</summary>
internal sealed class Tally
{
    public int Created;
    public int Replayed;
    public int Changed;
    public int Failed;
}

/// <summary>
/// The REST API over one or more silos (round robin). Transient failures (503, 502, 504, lost connections,
/// timeouts, a token the issuer could not give) are retried with backoff; a POST carries its Idempotency-Key, so a
/// retry lands on the same resource. Every request carries the bearer token of the <see cref="AccessTokenSource"/>.
/// </summary>
internal sealed class ApiClient : IDisposable
{
    private const int MaxAttempts = 8;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient[] _clients;
    private readonly TextWriter _log;
    private int _next;
    private long _requests;
    private int _reportedFailures;

    public ApiClient(IReadOnlyList<Uri> baseUrls, int concurrency, AccessTokenSource tokens, TextWriter log)
    {
        _log = log;
        _clients = baseUrls.Select(url => new HttpClient(new BearerTokenHandler(tokens, new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency + 4,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        }))
        {
            BaseAddress = url,
            Timeout = TimeSpan.FromSeconds(60),
        }).ToArray();
    }

    public long Requests => Interlocked.Read(ref _requests);

    public ConcurrentDictionary<string, Tally> Tallies { get; } = new();

    public Tally TallyOf(string resource) => Tallies.GetOrAdd(resource, _ => new Tally());

    public Task<ApiAnswer> GetAsync(string path, CancellationToken cancel) => SendAsync(HttpMethod.Get, path, null, null, cancel);

    /// <summary>POSTs a new entity under its idempotency key and counts it as created, replayed or failed.</summary>
    public async Task<ApiAnswer?> CreateAsync(string resource, string path, object body, string key, CancellationToken cancel)
    {
        var answer = await SendAsync(HttpMethod.Post, path, body, key, cancel);
        var tally = TallyOf(resource);
        if (!answer.Ok)
        {
            Fail(tally, $"POST {path} ({key})", answer);
            return null;
        }

        Interlocked.Increment(ref answer.Replayed ? ref tally.Replayed : ref tally.Created);
        return answer;
    }

    /// <summary>
    /// Moves an entity from <paramref name="from"/> to <paramref name="to"/> unless it is elsewhere already (a
    /// re-run, or someone changed it): the status comes from <paramref name="created"/> when that answer is fresh,
    /// else from a GET. Nothing is sent when there is nothing to do, so a re-run changes nothing. The change carries the
    /// version read with that status.
    /// </summary>
    public async Task EnsureStatusAsync(string resource, string path, ApiAnswer created, string from, string to,
        HttpMethod method, string field, CancellationToken cancel)
    {
        var entity = created.Replayed ? await GetAsync($"{path}/{created.Id}", cancel) : created;
        if (!entity.Ok || entity.Text(field) != from)
        {
            return;
        }

        // The version read with the status: the change applies only to what was read (invoices and payments require it).
        var body = new Dictionary<string, object?> { [field] = to };
        if (entity.Body?["version"]?.GetValueKind() == JsonValueKind.Number)
        {
            body["version"] = (int)entity.Body["version"]!;
        }

        var answer = await SendAsync(method, $"{path}/{created.Id}/status", body, null, cancel);
        var tally = TallyOf(resource);
        if (answer.Ok)
        {
            Interlocked.Increment(ref tally.Changed);
        }
        else
        {
            Fail(tally, $"{method} {path}/{created.Id}/status → {to}", answer);
        }
    }

    public async Task<ApiAnswer> SendAsync(HttpMethod method, string path, object? body, string? idempotencyKey, CancellationToken cancel)
    {
        for (var attempt = 1; ; attempt++)
        {
            var client = _clients[(int)((uint)Interlocked.Increment(ref _next) % _clients.Length)];
            using var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                request.Content = JsonContent.Create(body, options: Json);
            }

            if (idempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }

            TimeSpan? retryAfter = null;
            try
            {
                Interlocked.Increment(ref _requests);
                using var response = await client.SendAsync(request, cancel);
                var status = (int)response.StatusCode;
                if (!IsTransient(response.StatusCode) || attempt == MaxAttempts)
                {
                    var text = await response.Content.ReadAsStringAsync(cancel);
                    var json = text.Length == 0 ? null : JsonNode.Parse(text);
                    var replayed = response.Headers.TryGetValues("Idempotent-Replayed", out var values) &&
                                   values.Contains("true", StringComparer.OrdinalIgnoreCase);
                    return new ApiAnswer(status, json, replayed);
                }

                retryAfter = response.Headers.RetryAfter?.Delta;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancel.IsCancellationRequested)
            {
                if (attempt == MaxAttempts)
                {
                    return new ApiAnswer(0, new JsonObject { ["message"] = e.Message }, false);
                }
            }

            var backoff = TimeSpan.FromMilliseconds(Math.Min(5000, 100 * (1 << attempt)));
            await Task.Delay(retryAfter is { } hint && hint > backoff ? hint : backoff, cancel);
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    private void Fail(Tally tally, string what, ApiAnswer answer)
    {
        Interlocked.Increment(ref tally.Failed);
        if (Interlocked.Increment(ref _reportedFailures) <= 20)
        {
            var errors = answer.Body?["errors"]?.ToJsonString();
            lock (_log)
            {
                _log.WriteLine($"  failed: {what}: {answer.Status} {answer.Problem}{(errors is null ? "" : " " + errors)}");
            }
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout
            or HttpStatusCode.TooManyRequests;
}
