using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Bss.ClientAuth;
using Bss.LoadRunner.Scenarios;

namespace Bss.LoadRunner.Execution;

/// <summary>A rendered request's outcome; status 0 when no response came (refused, reset, timed out).</summary>
internal readonly record struct Outcome(int Status, string? Body, string? Error)
{
    public bool IsExpected(RequestTemplate template) => template.ExpectedStatuses.Contains(Status);

    public JsonObject? Json() => Body is { Length: > 0 } ? JsonNode.Parse(Body) as JsonObject : null;

    /// <summary>Why it failed, short enough to count: the status, or the error when no answer came.</summary>
    public string Why() => Status > 0
        ? $"status {Status}"
        : "no answer: " + (Error is { Length: > 80 } e ? e[..80] : Error ?? "unknown");
}

/// <summary>
/// Sends rendered templates round-robin across the ready silos of a <see cref="TargetPool"/>, as a load balancer
/// does: a request whose silo went away before answering (refused, or cut before a response header) goes once to
/// each other ready silo before it counts as failed, and is counted as re-sent. One SocketsHttpHandler holds a
/// connection pool per silo, sized so that every virtual user can have a request in flight without queueing inside
/// the client. Every request carries the bearer token of <see cref="AccessTokenSource"/> (cached, refreshed before
/// it expires).
/// </summary>
internal sealed class HttpDriver : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json") { CharSet = "utf-8" };
    private readonly HttpClient _client;
    private readonly TimeSpan _timeout;

    public HttpDriver(IReadOnlyList<Uri> targets, int maxConnectionsPerServer, TimeSpan timeout, AccessTokenSource tokens)
        : this(new TargetPool(targets), maxConnectionsPerServer, timeout, tokens)
    {
    }

    public HttpDriver(TargetPool targets, int maxConnectionsPerServer, TimeSpan timeout, AccessTokenSource tokens)
    {
        Pool = targets;
        _timeout = timeout;
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnectionsPerServer,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
        };
        // The timeout covers headers and body together (below), so HttpClient's own is off.
        _client = new HttpClient(new BearerTokenHandler(tokens, handler)) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    public TargetPool Pool { get; }

    public IReadOnlyList<Uri> Targets => Pool.Targets;

    public async Task<Outcome> SendAsync(RequestTemplate template, TemplateContext context, CancellationToken cancel)
    {
        Rendered rendered;
        try
        {
            rendered = Render(template, context);
        }
        catch (InvalidOperationException e)
        {
            return new Outcome(0, null, e.Message);
        }

        var target = Pool.Next();
        for (var attempt = 1; ; attempt++)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            deadline.CancelAfter(_timeout);
            using var request = rendered.ToMessage(Pool.Targets[target]);
            HttpResponseMessage response;
            try
            {
                // Headers first: a failure up to here means the silo answered nothing; after it, it did answer.
                response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            }
            catch (Exception e) when (!cancel.IsCancellationRequested && TargetPool.IsUnanswered(e))
            {
                Pool.MarkGone(target);
                if (attempt < Pool.Count && Pool.NextOther(target) is { } other)
                {
                    Pool.CountResend();
                    target = other;
                    continue;
                }

                return new Outcome(0, null, e.GetBaseException().Message);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                return Failed(e, cancel);
            }

            using (response)
            {
                try
                {
                    var body = await response.Content.ReadAsStringAsync(deadline.Token);
                    return new Outcome((int)response.StatusCode, body, null);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    return Failed(e, cancel);
                }
            }
        }
    }

    public Task<Outcome> GetAsync(string pathAndQuery, CancellationToken cancel) =>
        SendAsync(new RequestTemplate("GET", pathAndQuery), new TemplateContext("", () => "", _ => []), cancel);

    private static Outcome Failed(Exception e, CancellationToken cancel) =>
        new(0, null, cancel.IsCancellationRequested ? "cancelled" : e is TaskCanceledException ? "timed out" : e.GetBaseException().Message);

    /// <summary>Rendered once, so a re-send carries the same Idempotency-Key, ids and body as the first send.</summary>
    private static Rendered Render(RequestTemplate template, TemplateContext context)
    {
        var path = Template.Render(template.Path, context);
        var headers = (template.Headers ?? new Dictionary<string, string>())
            .Select(h => (h.Key, Template.Render(h.Value, context))).ToList();
        var body = template.Body is null ? null : Template.Render(template.Body, context)!.ToJsonString();
        return new Rendered(template.Method, path, headers, body);
    }

    private sealed record Rendered(string Method, string PathAndQuery, List<(string Name, string Value)> Headers, string? Body)
    {
        public HttpRequestMessage ToMessage(Uri target)
        {
            var request = new HttpRequestMessage(new HttpMethod(Method), new Uri(target, PathAndQuery));
            foreach (var (name, value) in Headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            if (Body is not null)
            {
                request.Content = new StringContent(Body, Encoding.UTF8);
                request.Content.Headers.ContentType = JsonType;
            }

            return request;
        }
    }

    public void Dispose() => _client.Dispose();
}
