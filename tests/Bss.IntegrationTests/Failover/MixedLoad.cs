using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests.Failover;

/// <summary>
/// A small mixed load spread over several silos' HTTP ports, as a balancer would: creations carrying an
/// Idempotency-Key and reads of what was acknowledged. A silo is left out once its /health/ready stops answering 200
/// or (with <c>resendOnConnectionLoss</c>) once it refuses a connection, and then a request that never got an
/// answer from a silo that went away is sent again to another one (every request here is safe to repeat). Anything
/// else that is not a success counts as failed.
/// </summary>
public sealed class MixedLoad
{
    private readonly IReadOnlyList<SiloProcess> _silos;
    private readonly bool _resendOnConnectionLoss;
    private readonly ConcurrentDictionary<SiloProcess, bool> _out = new();
    private readonly ConcurrentDictionary<SiloProcess, bool> _outByReadiness = new();
    private readonly ConcurrentDictionary<string, JsonObject> _acknowledged = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private long _sent;
    private long _resent;
    private long _peakTicks;
    private int _next;

    public MixedLoad(IReadOnlyList<SiloProcess> silos, bool resendOnConnectionLoss)
    {
        _silos = silos;
        _resendOnConnectionLoss = resendOnConnectionLoss;
    }

    /// <summary>Whether the readiness watcher took <paramref name="silo"/> out (rather than a refused connection).</summary>
    public bool LeftByReadiness(SiloProcess silo) => _outByReadiness.ContainsKey(silo);

    public long Sent => Interlocked.Read(ref _sent);

    public long Resent => Interlocked.Read(ref _resent);

    public int Acknowledged => _acknowledged.Count;

    public IReadOnlyCollection<string> Failures => _failures;

    public TimeSpan LatencyPeak => TimeSpan.FromTicks(Interlocked.Read(ref _peakTicks));

    public IReadOnlyDictionary<string, JsonObject> AcknowledgedCreations => _acknowledged;

    /// <summary>Runs <paramref name="workers"/> clients until <paramref name="stop"/> is cancelled, with a readiness watcher.</summary>
    public async Task RunAsync(int workers, CancellationToken stop)
    {
        var tasks = Enumerable.Range(0, workers).Select(w => WorkAsync(w, stop)).Append(WatchReadinessAsync(stop));
        await Task.WhenAll(tasks);
    }

    private async Task WatchReadinessAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            foreach (var silo in _silos.Where(s => !_out.ContainsKey(s)))
            {
                try
                {
                    using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                    using var response = await silo.Anonymous.GetAsync("/health/ready", probe.Token);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        _outByReadiness[silo] = true;
                        _out[silo] = true;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                {
                    _out[silo] = true;
                }
            }

            await Task.Delay(100, CancellationToken.None);
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
                var body = Api.NewCustomer();
                var created = await SendAsync(HttpMethod.Post, Api.Customers, body, key, HttpStatusCode.Created);
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

    /// <summary>One logical request: the parsed answer, or null when it failed (recorded).</summary>
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
                    if (response.StatusCode != expected)
                    {
                        _failures.Enqueue($"{method} {path} via {silo.Name}: {(int)response.StatusCode} {text}");
                        return null;
                    }

                    return JsonNode.Parse(text)!.AsObject();
                }
                catch (HttpRequestException e) when (_resendOnConnectionLoss && attempt < 5)
                {
                    // Refused or cut off before an answer: that silo is gone; the request is safe to send elsewhere.
                    _out[silo] = true;
                    Interlocked.Increment(ref _resent);
                    _ = e;
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
        var up = _silos.Where(s => !_out.ContainsKey(s)).ToArray();
        return up.Length == 0 ? null : up[(Interlocked.Increment(ref _next) & int.MaxValue) % up.Length];
    }
}
