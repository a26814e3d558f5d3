using System.Net;
using System.Net.Sockets;
using Bss.ClientAuth;
using Bss.LoadRunner.Execution;
using Bss.LoadRunner.Scenarios;

namespace Bss.LoadRunner.Tests;

/// <summary>The driver's re-send against real sockets: a port nobody listens on, one that hangs up, one that answers.</summary>
public class HttpDriverTests
{
    private static readonly RequestTemplate Get = new("GET", "/thing");

    private static AccessTokenSource Tokens() =>
        new(_ => Task.FromResult(new IssuedToken("t", TimeSpan.FromMinutes(5))), TimeProvider.System);

    private static TemplateContext Context() => new("t", () => "1", _ => []);

    [Fact]
    public async Task Send_TargetRefusesConnections_GoesToTheReadyOneCountsResendsAndNoFailure()
    {
        await using var answering = new AnsweringServer(HttpStatusCode.OK);
        using var tokens = Tokens();
        var pool = new TargetPool([ClosedPort(), answering.Url]);
        using var http = new HttpDriver(pool, 8, TimeSpan.FromSeconds(10), tokens);

        var outcomes = new List<Outcome>();
        for (var i = 0; i < 6; i++)
        {
            outcomes.Add(await http.SendAsync(Get, Context(), CancellationToken.None));
        }

        Assert.All(outcomes, o => Assert.Equal(200, o.Status));
        Assert.Equal(6, answering.Requests);
        Assert.Equal(1, pool.Resent); // the first refusal marks the target gone; no request goes there afterwards
        Assert.False(pool.IsReady(0));
    }

    [Fact]
    public async Task Send_TargetHangsUpBeforeAnswering_IsResentToTheOther()
    {
        await using var hangingUp = new HangingUpServer();
        await using var answering = new AnsweringServer(HttpStatusCode.Created);
        using var tokens = Tokens();
        var pool = new TargetPool([hangingUp.Url, answering.Url]);
        using var http = new HttpDriver(pool, 8, TimeSpan.FromSeconds(10), tokens);

        var first = await http.SendAsync(Get, Context(), CancellationToken.None);
        var second = await http.SendAsync(Get, Context(), CancellationToken.None);

        Assert.Equal([201, 201], [first.Status, second.Status]);
        Assert.True(pool.Resent >= 1);
    }

    [Fact]
    public async Task Send_AnAnsweredError_IsNeverResent()
    {
        await using var draining = new AnsweringServer(HttpStatusCode.ServiceUnavailable);
        await using var answering = new AnsweringServer(HttpStatusCode.OK);
        using var tokens = Tokens();
        var pool = new TargetPool([draining.Url, answering.Url]);
        using var http = new HttpDriver(pool, 8, TimeSpan.FromSeconds(10), tokens);

        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await http.SendAsync(Get, Context(), CancellationToken.None)).Status);
        }

        Assert.Equal(2, statuses.Count(s => s == 503));
        Assert.Equal(0, pool.Resent);
    }

    [Fact]
    public async Task Send_EveryTargetGone_FailsWithoutAnAnswerAfterTryingEachOnce()
    {
        using var tokens = Tokens();
        var pool = new TargetPool([ClosedPort(), ClosedPort()]);
        using var http = new HttpDriver(pool, 8, TimeSpan.FromSeconds(10), tokens);

        var outcome = await http.SendAsync(Get, Context(), CancellationToken.None);

        Assert.Equal(0, outcome.Status);
        Assert.NotNull(outcome.Error);
        Assert.Equal(1, pool.Resent);
    }

    [Fact]
    public async Task Health_ProbeOfADrainingAndAGoneTarget_MarksBothNotReady()
    {
        await using var draining = new AnsweringServer(HttpStatusCode.ServiceUnavailable);
        await using var ready = new AnsweringServer(HttpStatusCode.OK);
        var pool = new TargetPool([draining.Url, ClosedPort(), ready.Url]);
        await using var health = new TargetHealth(pool, TimeSpan.FromMilliseconds(500));

        await health.ProbeAllAsync(CancellationToken.None);

        Assert.Equal([false, false, true], Enumerable.Range(0, 3).Select(pool.IsReady));
        Assert.Equal("/health/ready", ready.LastPath);
    }

    private static Uri ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }

    /// <summary>Answers every request with one status.</summary>
    private sealed class AnsweringServer : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _serving;
        private int _requests;

        public AnsweringServer(HttpStatusCode status)
        {
            Url = ClosedPort();
            _listener.Prefixes.Add(Url.ToString());
            _listener.Start();
            _serving = ServeAsync(status);
        }

        public Uri Url { get; }

        public int Requests => Volatile.Read(ref _requests);

        public string? LastPath { get; private set; }

        private async Task ServeAsync(HttpStatusCode status)
        {
            while (await Listening.NextAsync(_listener) is { } context)
            {
                LastPath = context.Request.Url?.AbsolutePath;
                if (LastPath != "/health/ready")
                {
                    Interlocked.Increment(ref _requests);
                }

                context.Response.StatusCode = (int)status;
                await context.Response.OutputStream.WriteAsync("{}"u8.ToArray());
                context.Response.Close();
            }
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            await _serving;
            _listener.Close();
        }
    }

    /// <summary>Accepts a connection, reads the request and closes it without a byte of answer: a silo going away.</summary>
    private sealed class HangingUpServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _serving;

        public HangingUpServer()
        {
            _listener.Start();
            Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
            _serving = ServeAsync();
        }

        public Uri Url { get; }

        private async Task ServeAsync()
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    _ = await client.GetStream().ReadAsync(new byte[4096], _stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _serving;
            _listener.Stop();
            _stop.Dispose();
        }
    }
}
