using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Bss.IntegrationTests.Failover;

/// <summary>
/// A small mixed load spread over the silos' HTTP ports as a balancer would: creations carrying an Idempotency-Key and
/// reads of what was acknowledged. The balancer's pool changes as a deployment's does (<see cref="Add"/>,
/// <see cref="Remove"/>); a silo in the pool takes requests while its /health/ready answers 200, and is taken out
/// when it does not (or, with <c>resendOnConnectionLoss</c>, when it refuses a connection: then a request that never
/// got an answer is sent again to another silo, as every request here is safe to repeat). When no silo is ready the
/// balancer fails open and sends to every silo in the pool, as common balancers do (an outage of a dependency turns
/// every silo not-ready at once). A 503 with Retry-After is counted apart where the scenario allows it (a dependency
/// is down); anything else that is not a success counts as failed.
/// </summary>
public sealed class MixedLoad : IDisposable
{
    private readonly bool _resendOnConnectionLoss;
    private readonly bool _allowUnavailable;
    private readonly ConcurrentDictionary<SiloProcess, bool> _pool = new();
    private readonly ConcurrentDictionary<SiloProcess, bool> _ready = new();
    private readonly ConcurrentDictionary<SiloProcess, bool> _outByReadiness = new();
    private readonly ConcurrentDictionary<SiloProcess, int> _answered = new();
    private readonly ConcurrentDictionary<string, JsonObject> _acknowledged = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;
    private long _sent;
    private long _resent;
    private long _unavailable;
    private long _peakTicks;
    private int _next;

    /// <param name="silos">The pool at the start; these are ready already.</param>
    /// <param name="resendOnConnectionLoss">Whether a refused or cut connection is resent elsewhere (a crash) or fails.</param>
    /// <param name="allowUnavailable">Whether 503 + Retry-After is an expected answer (a dependency is down) rather than a failure.</param>
    public MixedLoad(IEnumerable<SiloProcess> silos, bool resendOnConnectionLoss, bool allowUnavailable = false)
    {
        foreach (var silo in silos)
        {
            _pool[silo] = true;
            _ready[silo] = true;
        }

        _resendOnConnectionLoss = resendOnConnectionLoss;
        _allowUnavailable = allowUnavailable;
    }

    /// <summary>Into the balancer's pool: it takes requests once its readiness answers 200.</summary>
    public void Add(SiloProcess silo) => _pool[silo] = true;

    /// <summary>Out of the balancer's pool (its process is gone or replaced).</summary>
    public void Remove(SiloProcess silo)
    {
        _pool.TryRemove(silo, out _);
        _ready.TryRemove(silo, out _);
    }

    /// <summary>Whether the readiness watcher took <paramref name="silo"/> out (rather than a refused connection).</summary>
    public bool LeftByReadiness(SiloProcess silo) => _outByReadiness.ContainsKey(silo);

    /// <summary>How many requests <paramref name="silo"/> answered with a success.</summary>
    public int AnsweredBy(SiloProcess silo) => _answered.GetValueOrDefault(silo);

    public long Sent => Interlocked.Read(ref _sent);

    public long Resent => Interlocked.Read(ref _resent);

    /// <summary>Answers 503 with Retry-After (only counted apart when the scenario allows them).</summary>
    public long Unavailable => Interlocked.Read(ref _unavailable);

    public int Acknowledged => _acknowledged.Count;

    public IReadOnlyCollection<string> Failures => _failures;

    public TimeSpan LatencyPeak => TimeSpan.FromTicks(Interlocked.Read(ref _peakTicks));

    /// <summary>
    /// Starts <paramref name="workers"/> clients and a readiness watcher, and returns once some creations are
    /// acknowledged (at most 30 s: the machine may be busy); they run until <see cref="StopAsync"/>.
    /// </summary>
    public async Task StartAsync(int workers)
    {
        _running = Task.WhenAll(Enumerable.Range(0, workers).Select(w => WorkAsync(w, _stop.Token)).Append(WatchReadinessAsync(_stop.Token)));
        await ChaosTiming.UntilAsync(() => Task.FromResult(Acknowledged >= 20), TimeSpan.FromSeconds(30), "the load did not start");
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _running;
    }

    /// <summary>Stops the clients too (a test that failed half-way leaves no load running against the next one).</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    /// <summary>
    /// Reads every acknowledged creation back through <paramref name="reader"/>, prints the scenario's figures and
    /// asserts the load ran, nothing failed and nothing acknowledged was lost.
    /// </summary>
    public async Task<int> ReadBackAndReportAsync(SiloProcess reader, ITestOutputHelper output, string scenario)
    {
        var lost = 0;
        var reasons = new List<string>();
        foreach (var (id, expected) in _acknowledged)
        {
            // Read back as any client would: an answer that says "not now" (429 or 503 with Retry-After: the read-back
            // alone sends thousands of requests as one caller) is asked again after the time it names.
            var read = await reader.Http.GetAsync($"{Api.Customers}/{id}");
            for (var attempt = 0; attempt < 5 && read.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable; attempt++)
            {
                var wait = read.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                read.Dispose();
                await Task.Delay(wait);
                read = await reader.Http.GetAsync($"{Api.Customers}/{id}");
            }

            using (read)
            {
                var body = read.StatusCode == HttpStatusCode.OK ? (await read.ExpectJsonAsync(HttpStatusCode.OK)).ToJsonString() : null;
                if (body != expected.ToJsonString())
                {
                    lost++;
                    if (reasons.Count < 5)
                    {
                        reasons.Add($"{id}: {(int)read.StatusCode} {body ?? await read.Content.ReadAsStringAsync()} (acknowledged {expected.ToJsonString()})");
                    }
                }
            }
        }

        output.WriteLine($"{scenario}: requests sent {Sent}, acknowledged creations {Acknowledged}, lost {lost}, failed " +
            $"{_failures.Count}, 503 + Retry-After {Unavailable}, resent after a connection loss {Resent}, latency peak " +
            $"{LatencyPeak.TotalMilliseconds:0} ms");
        foreach (var reason in reasons)
        {
            output.WriteLine($"not read back as acknowledged: {reason}");
        }

        foreach (var failure in _failures.Take(10))
        {
            output.WriteLine(failure);
        }

        if (!_failures.IsEmpty)
        {
            // What the silos logged about the failed answers says why (the answers carry only a trace id).
            foreach (var line in _pool.Keys.SelectMany(s => s.Log.Split('\n')
                         .Where(l => l.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal) && l.Contains("ExceptionProblems", StringComparison.Ordinal))
                         .Take(3)))
            {
                output.WriteLine(line.Length > 2000 ? line[..2000] : line);
            }
        }

        Assert.True(Acknowledged > 10, $"only {Acknowledged} creations acknowledged: the load did not run");
        Assert.Empty(_failures);
        Assert.Equal(0, lost);
        return lost;
    }

    private async Task WatchReadinessAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.WhenAll(_pool.Keys.Select(ProbeAsync));
            await Task.Delay(100, CancellationToken.None);
        }
    }

    private async Task ProbeAsync(SiloProcess silo)
    {
        try
        {
            using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            using var response = await silo.Anonymous.GetAsync("/health/ready", probe.Token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                if (_pool.ContainsKey(silo))
                {
                    _ready[silo] = true;
                }
            }
            else if (_ready.TryRemove(silo, out _))
            {
                _outByReadiness[silo] = true;
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or ObjectDisposedException)
        {
            // Refused, or not answered within the probe's timeout: a balancer takes it out the same way.
            if (_ready.TryRemove(silo, out _) && e is OperationCanceledException)
            {
                _outByReadiness[silo] = true;
            }
        }
    }

    private async Task WorkAsync(int worker, CancellationToken stop)
    {
        var random = new Random(worker);
        while (!stop.IsCancellationRequested)
        {
            var ids = _acknowledged.Keys.ToArray();
            if (ids.Length < 4 || random.Next(3) == 0)
            {
                var key = Guid.NewGuid().ToString("N");
                var created = await SendAsync(HttpMethod.Post, Api.Customers, Api.NewCustomer(), key, HttpStatusCode.Created);
                if (created is not null)
                {
                    _acknowledged[(string)created["id"]!] = created;
                }
            }
            else
            {
                var id = ids[random.Next(ids.Length)];
                var read = await SendAsync(HttpMethod.Get, $"{Api.Customers}/{id}", null, null, HttpStatusCode.OK);
                if (read is not null && read.ToJsonString() != _acknowledged[id].ToJsonString())
                {
                    _failures.Enqueue($"GET {id}: {read.ToJsonString()} differs from the acknowledged creation");
                }
            }
        }
    }

    /// <summary>One logical request: the parsed answer, or null when it failed (recorded) or was turned away with 503.</summary>
    private async Task<JsonObject?> SendAsync(HttpMethod method, string path, JsonObject? body, string? key, HttpStatusCode expected)
    {
        Interlocked.Increment(ref _sent);
        var clock = Stopwatch.StartNew();
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var silo = PickSilo();
                if (silo is null)
                {
                    _failures.Enqueue($"{method} {path}: no silo left to send to");
                    return null;
                }

                try
                {
                    using var response = await silo.Http.SendJsonAsync(method, path, body?.DeepClone(), r =>
                    {
                        if (key is not null)
                        {
                            r.Headers.Add("Idempotency-Key", key);
                        }
                    });
                    var text = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode == expected)
                    {
                        _answered.AddOrUpdate(silo, 1, (_, n) => n + 1);
                        return JsonNode.Parse(text)!.AsObject();
                    }

                    if (_allowUnavailable && response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null)
                    {
                        Interlocked.Increment(ref _unavailable);
                        return null;
                    }

                    _failures.Enqueue($"{method} {path} via {silo.Name}: {(int)response.StatusCode} {text}");
                    return null;
                }
                catch (HttpRequestException) when (_resendOnConnectionLoss && attempt < 5)
                {
                    // Refused or cut off before an answer: that silo is gone; the request is safe to send elsewhere.
                    _ready.TryRemove(silo, out _);
                    Interlocked.Increment(ref _resent);
                }
                catch (HttpRequestException e)
                {
                    _failures.Enqueue($"{method} {path} via {silo.Name}: {e.Message}");
                    return null;
                }
            }
        }
        finally
        {
            var ticks = clock.Elapsed.Ticks;
            long peak;
            while (ticks > (peak = Interlocked.Read(ref _peakTicks)) && Interlocked.CompareExchange(ref _peakTicks, ticks, peak) != peak)
            {
            }
        }
    }

    private SiloProcess? PickSilo()
    {
        var up = _ready.Keys.Where(_pool.ContainsKey).ToArray();
        if (up.Length == 0)
        {
            up = _pool.Keys.ToArray();
        }

        return up.Length == 0 ? null : up[(Interlocked.Increment(ref _next) & int.MaxValue) % up.Length];
    }
}
