using Bss.LoadRunner.Reporting;

namespace Bss.LoadRunner.Tests;

public class WrkOutputTests
{
    /// <summary>What wrk 4.1 printed for bench (c) with --latency, plus the error lines it adds when there are errors.</summary>
    private const string WithErrors = """
        Running 5s test @ http://127.0.0.1:8261
          2 threads and 64 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency    30.65ms   29.37ms    1.20s    85.37%
            Req/Sec     1.23k   612.35     2.84k    63.92%
          Latency Distribution
             50%  850.00us
             75%   40.90ms
             90%   67.07ms
             99%  139.29ms
          12202 requests in 5.02s, 5.60MB read
          Socket errors: connect 0, read 2, write 1, timeout 3
          Non-2xx or 3xx responses: 4
        Requests/sec:   2428.35
        Transfer/sec:      1.11MB
        """;

    [Fact]
    public void Parse_LatencyOutput_GivesRateRequestsPercentilesInMilliseconds()
    {
        var stats = WrkOutput.Parse(WithErrors)!;

        Assert.Equal(12202, stats.Requests);
        Assert.Equal(2428.35, stats.Rps);
        Assert.Equal(0.85, stats.LatencyMs.P50!.Value, 6);
        Assert.Equal(67.07, stats.LatencyMs.P90);
        Assert.Equal(139.29, stats.LatencyMs.P99);
        Assert.Null(stats.LatencyMs.P95);
        Assert.Equal(30.65, stats.LatencyMs.Avg);
        Assert.Equal(1200, stats.LatencyMs.Max);
    }

    [Fact]
    public void Parse_SocketErrorsAndNon2xxAnswers_CountAsFailed()
    {
        var stats = WrkOutput.Parse(WithErrors)!;

        Assert.Equal(10, stats.Failed);
        Assert.Equal(Math.Round(10.0 / 12202, 6), stats.ErrorRate);
    }

    [Fact]
    public void Parse_OutputWithoutErrorLines_HasNoFailed()
    {
        var clean = string.Join('\n', WithErrors.Split('\n').Where(l => !l.Contains("errors", StringComparison.Ordinal) && !l.Contains("Non-2xx", StringComparison.Ordinal)));

        Assert.Equal(0, WrkOutput.Parse(clean)!.Failed);
    }

    [Fact]
    public void Parse_WhatIsNotWrkOutput_IsNull()
    {
        Assert.Null(WrkOutput.Parse("unable to connect to 127.0.0.1:8261 Connection refused"));
    }

    [Theory]
    [InlineData("850.00us", 0.85)]
    [InlineData("1.23ms", 1.23)]
    [InlineData("2.00s", 2000)]
    [InlineData("1.50m", 90_000)]
    public void Milliseconds_EachWrkUnit_IsConverted(string text, double expected)
    {
        Assert.Equal(expected, WrkOutput.Milliseconds(text), 6);
    }

    [Fact]
    public void Milliseconds_UnknownUnit_IsAFormatError()
    {
        Assert.Throws<FormatException>(() => WrkOutput.Milliseconds("3.00d"));
    }
}
