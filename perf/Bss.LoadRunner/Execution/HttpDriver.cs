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
}

/// <summary>
/// Sends rendered templates round-robin across the silos. One SocketsHttpHandler holds a connection pool per
/// silo, sized so that every virtual user can have a request in flight without queueing inside the client. Every
/// request carries the bearer token of <see cref="AccessTokenSource"/> (cached, refreshed before it expires).
/// </summary>
internal sealed class HttpDriver : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json") { CharSet = "utf-8" };
    private readonly HttpClient _client;
    private readonly Uri[] _targets;
    private int _next;

    public HttpDriver(IReadOnlyList<Uri> targets, int maxConnectionsPerServer, TimeSpan timeout, AccessTokenSource tokens)
    {
        if (targets.Count == 0)
        {
            throw new ArgumentException("no target URL", nameof(targets));
        }

        _targets = [.. targets];
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnectionsPerServer,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
        };
        _client = new HttpClient(new BearerTokenHandler(tokens, handler)) { Timeout = timeout };
        _client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    public IReadOnlyList<Uri> Targets => _targets;

    public async Task<Outcome> SendAsync(RequestTemplate template, TemplateContext context, CancellationToken cancel)
    {
        HttpRequestMessage request;
        try
        {
            request = Build(template, context);
        }
        catch (InvalidOperationException e)
        {
            return new Outcome(0, null, e.Message);
        }

        using (request)
        {
            try
            {
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancel);
                var body = await response.Content.ReadAsStringAsync(cancel);
                return new Outcome((int)response.StatusCode, body, null);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                return new Outcome(0, null, cancel.IsCancellationRequested ? "cancelled" : e.GetBaseException().Message);
            }
        }
    }

    public Task<Outcome> GetAsync(string pathAndQuery, CancellationToken cancel) =>
        SendAsync(new RequestTemplate("GET", pathAndQuery), new TemplateContext("", () => "", _ => []), cancel);

    private HttpRequestMessage Build(RequestTemplate template, TemplateContext context)
    {
        var target = _targets[(int)((uint)Interlocked.Increment(ref _next) % (uint)_targets.Length)];
        var request = new HttpRequestMessage(new HttpMethod(template.Method), new Uri(target, Template.Render(template.Path, context)));
        foreach (var (name, value) in template.Headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, Template.Render(value, context));
        }

        if (template.Body is not null)
        {
            var json = Template.Render(template.Body, context)!.ToJsonString();
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = JsonType;
        }

        return request;
    }

    public void Dispose() => _client.Dispose();
}
