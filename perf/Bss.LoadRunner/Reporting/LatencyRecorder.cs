using HdrHistogram;

namespace Bss.LoadRunner.Reporting;

/// <summary>
/// Latencies (microseconds, 3 significant digits, up to an hour) and request counts of one endpoint in one
/// scenario. Writes are lock-free from any number of virtual users.
/// </summary>
internal sealed class LatencyRecorder
{
    private const long HighestMicroseconds = 3_600_000_000;
    private long _requests;
    private long _failed;

    public HistogramBase Histogram { get; } = NewHistogram();

    public long Requests => Interlocked.Read(ref _requests);

    public long Failed => Interlocked.Read(ref _failed);

    public static HistogramBase NewHistogram() => new LongConcurrentHistogram(1, HighestMicroseconds, 3);

    public void Record(TimeSpan latency, bool failed)
    {
        Histogram.RecordValue(Math.Clamp((long)latency.TotalMicroseconds, 1, HighestMicroseconds));
        Interlocked.Increment(ref _requests);
        if (failed)
        {
            Interlocked.Increment(ref _failed);
        }
    }
}
