using System.Diagnostics;
using System.Globalization;
using HdrHistogram;

namespace Bss.LoadRunner.Reporting;

/// <summary>
/// The live progress line: on a terminal it rewrites one line in place; in a log (not a TTY) it prints a plain
/// line every few seconds, so CI output stays readable.
/// </summary>
internal sealed class Progress(LiveWindow live, TextWriter output, TimeSpan interval, bool inPlace) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private string _phase = "starting";
    private TimeSpan _planned;
    private Stopwatch _phaseClock = Stopwatch.StartNew();

    public void Start()
    {
        if (interval > TimeSpan.Zero)
        {
            _loop = LoopAsync();
        }
    }

    public void Phase(string name, TimeSpan planned)
    {
        _phase = name;
        _planned = planned;
        _phaseClock = Stopwatch.StartNew();
    }

    private async Task LoopAsync()
    {
        var lastRequests = live.TotalRequests;
        var lastTime = Stopwatch.GetTimestamp();
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var window = live.TakeWindow();
                var now = Stopwatch.GetTimestamp();
                var requests = live.TotalRequests;
                var rps = (requests - lastRequests) / Stopwatch.GetElapsedTime(lastTime, now).TotalSeconds;
                (lastRequests, lastTime) = (requests, now);
                Write(Line(window, rps, requests));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private string Line(HistogramBase window, double rps, long requests)
    {
        var p50 = window.TotalCount > 0 ? window.GetValueAtPercentile(50) / 1000.0 : 0;
        var p99 = window.TotalCount > 0 ? window.GetValueAtPercentile(99) / 1000.0 : 0;
        var planned = _planned > TimeSpan.Zero ? "/" + Scenarios.Durations.Format(_planned) : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"[{_phase} {Scenarios.Durations.Format(_phaseClock.Elapsed)}{planned}] {rps,9:N0} req/s  p50 {p50,7:0.00} ms  p99 {p99,8:0.00} ms  errors {live.TotalFailed:N0}  requests {requests:N0}");
    }

    private void Write(string line)
    {
        lock (output)
        {
            if (inPlace)
            {
                output.Write("\r" + line.PadRight(120));
            }
            else
            {
                output.WriteLine(line);
            }

            output.Flush();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        if (inPlace && _loop is not null)
        {
            output.WriteLine();
        }

        _stop.Dispose();
    }
}
