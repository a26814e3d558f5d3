using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Bss.ClientAuth;
using Bss.LoadRunner.Execution;
using Bss.LoadRunner.Scenarios;

namespace Bss.LoadRunner.Tests;

/// <summary>Setup and teardown against a small fake API that refuses what the real one refuses (a request without the token too).</summary>
public class DataPoolsTests
{
    // "line" is declared before "account", whose records its create names: the order must come from the templates.
    private const string File = """
        {
          "version": 1,
          "resources": {
            "line": { "create": { "method": "POST", "path": "/lines", "body": { "accountId": "{{account.id}}" }, "expect": [201] },
                      "delete": { "method": "PUT", "path": "/lines/{{id}}/status", "body": { "status": "CLOSED" }, "expect": [200] },
                      "shared": 3 },
            "account": { "create": { "method": "POST", "path": "/accounts", "body": { "n": "{{unique}}" }, "expect": [201] },
                         "delete": { "method": "DELETE", "path": "/accounts/{{id}}", "expect": [204] },
                         "shared": 2 }
          },
          "endpoints": [ { "name": "line", "method": "GET", "path": "/lines/{{line.id}}", "weight": 1 } ],
          "profiles": { "p": { "scenarios": [{ "name": "s", "model": "once" }] } }
        }
        """;

    [Fact]
    public async Task SetupAndTeardown_FollowWhatCreatesName_DependenciesFirstAndRemovedLast()
    {
        var file = ScenarioFile.Parse(File);
        await using var api = new FakeApi();
        using var tokens = new AccessTokenSource(_ => Task.FromResult(new IssuedToken(FakeApi.Token, TimeSpan.FromMinutes(5))), TimeProvider.System);
        using var http = new HttpDriver([api.Url], 8, TimeSpan.FromSeconds(10), tokens);
        var data = new DataPools("t");
        var log = new StringWriter();

        await data.SetupAsync(file, file.MixOf(file.Profile("p")), 1, http, log, CancellationToken.None);
        var setup = api.Requests.ToList();
        await data.TeardownAsync(file, http, log, CancellationToken.None);
        var teardown = api.Requests.Skip(setup.Count).ToList();

        Assert.Equal(["POST /accounts", "POST /accounts", "POST /lines", "POST /lines", "POST /lines"], setup);
        Assert.All(teardown.Take(3), r => Assert.StartsWith("PUT /lines/", r, StringComparison.Ordinal));
        Assert.All(teardown.Skip(3), r => Assert.StartsWith("DELETE /accounts/", r, StringComparison.Ordinal));
        Assert.Equal(5, teardown.Count);
        Assert.Contains("teardown: closed 3 line record(s) with PUT", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("teardown: deleted 2 account record(s)", log.ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Accounts and lines: a line needs an existing account (else 400), and an account with an open line cannot be
    /// deleted (409), as a customer with an ACTIVE subscription cannot.
    /// </summary>
    private sealed class FakeApi : IAsyncDisposable
    {
        public const string Token = "token-of-the-run";

        private readonly HttpListener _listener = new();
        private readonly Dictionary<string, string?> _lines = [];
        private readonly HashSet<string> _accounts = [];
        private readonly Task _serving;
        private int _next;

        public FakeApi()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = new Uri($"http://127.0.0.1:{port}/");
            _listener.Prefixes.Add(Url.ToString());
            _listener.Start();
            _serving = ServeAsync();
        }

        public Uri Url { get; }

        public List<string> Requests { get; } = [];

        private async Task ServeAsync()
        {
            while (await Listening.NextAsync(_listener) is { } context)
            {
                var request = context.Request;
                using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                var path = request.Url!.AbsolutePath;
                var (status, json) = request.Headers["Authorization"] == $"Bearer {Token}"
                    ? Answer(request.HttpMethod, path, body)
                    : (401, """{"message":"no token"}""");
                context.Response.StatusCode = status;
                var bytes = Encoding.UTF8.GetBytes(json);
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        }

        private (int Status, string Json) Answer(string method, string path, string body)
        {
            lock (Requests)
            {
                Requests.Add($"{method} {path}");
                var id = $"id{++_next}";
                var segments = path.Trim('/').Split('/');
                switch (method, segments)
                {
                    case ("POST", ["accounts"]):
                        _accounts.Add(id);
                        return (201, new JsonObject { ["id"] = id }.ToJsonString());
                    case ("POST", ["lines"]):
                        var account = JsonNode.Parse(body)?["accountId"]?.GetValue<string>();
                        if (account is null || !_accounts.Contains(account))
                        {
                            return (400, """{"message":"no such account"}""");
                        }

                        _lines[id] = account;
                        return (201, new JsonObject { ["id"] = id, ["accountId"] = account }.ToJsonString());
                    case ("PUT", ["lines", var line, "status"]):
                        _lines[line] = null;
                        return (200, "{}");
                    case ("DELETE", ["accounts", var gone]):
                        return _lines.ContainsValue(gone) ? (409, """{"message":"has open lines"}""") : (204, "");
                    default:
                        return (404, "{}");
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            await _serving;
        }
    }
}
