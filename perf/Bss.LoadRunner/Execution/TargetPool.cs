using System.Net;
using System.Net.Sockets;

namespace Bss.LoadRunner.Execution;

/// <summary>
/// The silos a request may go to, as a load balancer with health checks sees them: round-robin over the ready ones.
/// A target turns not-ready when its /health/ready probe fails (<see cref="TargetHealth"/>) or when a request to it
/// found no one listening (<see cref="MarkGone"/>), and ready again only when a probe answers 200.
/// </summary>
internal sealed class TargetPool
{
    private readonly Uri[] _targets;
    private readonly int[] _ready;
    private readonly long[] _notReadyPeriods;
    private int _next;
    private long _resent;

    public TargetPool(IReadOnlyList<Uri> targets)
    {
        if (targets.Count == 0)
        {
            throw new ArgumentException("no target URL", nameof(targets));
        }

        _targets = [.. targets];
        _ready = Enumerable.Repeat(1, targets.Count).ToArray();
        _notReadyPeriods = new long[targets.Count];
    }

    public IReadOnlyList<Uri> Targets => _targets;

    public int Count => _targets.Length;

    /// <summary>Requests re-sent to another silo because theirs went away before answering (not failures).</summary>
    public long Resent => Interlocked.Read(ref _resent);

    public bool IsReady(int index) => Volatile.Read(ref _ready[index]) == 1;

    /// <summary>How often each target went from ready to not ready during the run (a restart is one).</summary>
    public IReadOnlyDictionary<string, long> NotReadyPeriods() =>
        _targets.Select((t, i) => (Target: t.ToString().TrimEnd('/'), Periods: Interlocked.Read(ref _notReadyPeriods[i])))
            .ToDictionary(p => p.Target, p => p.Periods, StringComparer.Ordinal);

    /// <summary>
    /// The next ready target, round-robin. With none ready the requests still go out, round-robin over all, so an
    /// outage of the whole cluster shows as errors instead of a stalled run.
    /// </summary>
    public int Next()
    {
        var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)_targets.Length);
        return NextReady(start, except: -1) ?? start;
    }

    /// <summary>A ready target other than <paramref name="except"/> for a re-send, or null when there is none.</summary>
    public int? NextOther(int except) =>
        NextReady((int)((uint)Interlocked.Increment(ref _next) % (uint)_targets.Length), except);

    /// <summary>A probe's verdict; true when it changed the target's state.</summary>
    public bool SetReady(int index, bool ready)
    {
        var before = Interlocked.Exchange(ref _ready[index], ready ? 1 : 0);
        if (before == 1 && !ready)
        {
            Interlocked.Increment(ref _notReadyPeriods[index]);
        }

        return before != (ready ? 1 : 0);
    }

    /// <summary>A request found the target gone (refused, or cut before any answer): no more requests until a probe says ready.</summary>
    public void MarkGone(int index) => SetReady(index, false);

    public void CountResend() => Interlocked.Increment(ref _resent);

    private int? NextReady(int start, int except)
    {
        for (var step = 0; step < _targets.Length; step++)
        {
            var i = (start + step) % _targets.Length;
            if (i != except && IsReady(i))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>
    /// True when a send failed before the silo answered anything because it went away: the connection was refused,
    /// or closed or reset before a response header came. Only such a request may go to another silo — the silo
    /// cannot have answered it (a graceful stop finishes every request it read). A timeout is not one: the silo may
    /// still be working on it.
    /// </summary>
    public static bool IsUnanswered(Exception failure)
    {
        if (failure is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded })
        {
            return true;
        }

        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown })
            {
                return failure is HttpRequestException or IOException;
            }
        }

        return false;
    }

    /// <summary>What a /health/ready probe's status means: 200 ready; 404 a target without readiness (always ready).</summary>
    public static bool IsReadyStatus(HttpStatusCode? status) => status is HttpStatusCode.OK or HttpStatusCode.NotFound;
}

/// <summary>
/// Polls every target's /health/ready (anonymous, short timeout) on an interval and tells the pool, as a load
/// balancer's health check does: a draining silo answers 503 and gets no new requests from the next poll on.
/// </summary>
internal sealed class TargetHealth : IAsyncDisposable
{
    private readonly TargetPool _pool;
    private readonly TimeSpan _interval;
    private readonly HttpClient _client;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public TargetHealth(TargetPool pool, TimeSpan interval)
    {
        _pool = pool;
        _interval = interval;
        _client = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false })
        {
            Timeout = interval < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : interval,
        };
    }

    /// <summary>Probes every target once (before the run, so a silo that is down is skipped from the first request).</summary>
    public Task ProbeAllAsync(CancellationToken cancel) =>
        Task.WhenAll(Enumerable.Range(0, _pool.Count).Select(i => ProbeAsync(i, cancel)));

    public void Start()
    {
        if (_interval > TimeSpan.Zero)
        {
            _loop = LoopAsync();
        }
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await ProbeAllAsync(_stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ProbeAsync(int index, CancellationToken cancel)
    {
        HttpStatusCode? status;
        try
        {
            using var response = await _client.GetAsync(new Uri(_pool.Targets[index], "/health/ready"), cancel);
            status = response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            if (cancel.IsCancellationRequested)
            {
                return;
            }

            status = null;
        }

        _pool.SetReady(index, TargetPool.IsReadyStatus(status));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        _stop.Dispose();
        _client.Dispose();
    }
}
