using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;

namespace Bss.LoadRunner.Reporting;

/// <summary>Everything recorded while one scenario (or one step of a rate search) ran.</summary>
internal sealed class ScenarioRecorder(string name, LiveWindow live)
{
    private readonly ConcurrentDictionary<string, LatencyRecorder> _endpoints = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _failures = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = new();

    public string Name { get; } = name;

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Start() => _clock.Start();

    public void Stop() => _clock.Stop();

    /// <summary>One request; a failure names why (a status, or the error when no answer came), counted per endpoint.</summary>
    public void Record(string endpoint, TimeSpan latency, bool failed, string? why = null)
    {
        _endpoints.GetOrAdd(endpoint, _ => new LatencyRecorder()).Record(latency, failed);
        live.Record(latency, failed);
        if (failed)
        {
            _failures.AddOrUpdate($"{endpoint}: {why ?? "failed"}", 1, (_, n) => n + 1);
        }
    }

    /// <summary>Failures by endpoint and cause ("customers.update: status 503"), so a run says whose errors they were.</summary>
    public IReadOnlyDictionary<string, long> Failures => _failures;

    public StatsSnapshot Snapshot()
    {
        var endpoints = _endpoints
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .ToDictionary(e => e.Key, e => StatsSnapshot.From(e.Value.Histogram, e.Value.Requests, e.Value.Failed, Elapsed));
        var all = Merge(_endpoints.Values.Select(e => e.Histogram));
        return StatsSnapshot.From(all, endpoints.Values.Sum(e => e.Requests), endpoints.Values.Sum(e => e.Failed), Elapsed, endpoints);
    }

    public HistogramBase MergedHistogram() => Merge(_endpoints.Values.Select(e => e.Histogram));

    public long Requests => _endpoints.Values.Sum(e => e.Requests);

    public long Failed => _endpoints.Values.Sum(e => e.Failed);

    public static HistogramBase Merge(IEnumerable<HistogramBase> histograms)
    {
        var merged = LatencyRecorder.NewHistogram();
        foreach (var histogram in histograms)
        {
            merged.Add(histogram);
        }

        return merged;
    }
}

/// <summary>What the live progress line shows: counts and latencies since the last line.</summary>
internal sealed class LiveWindow
{
    private HistogramBase _window = LatencyRecorder.NewHistogram();
    private long _requests;
    private long _failed;

    public long TotalRequests => Interlocked.Read(ref _requests);

    public long TotalFailed => Interlocked.Read(ref _failed);

    public void Record(TimeSpan latency, bool failed)
    {
        Volatile.Read(ref _window).RecordValue(Math.Max(1, (long)latency.TotalMicroseconds));
        Interlocked.Increment(ref _requests);
        if (failed)
        {
            Interlocked.Increment(ref _failed);
        }
    }

    /// <summary>Swaps in an empty window and returns the one just closed (a write racing the swap may land in either).</summary>
    public HistogramBase TakeWindow() => Interlocked.Exchange(ref _window, LatencyRecorder.NewHistogram());
}
