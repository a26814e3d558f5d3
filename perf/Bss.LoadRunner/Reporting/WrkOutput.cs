using System.Globalization;
using System.Text.RegularExpressions;

namespace Bss.LoadRunner.Reporting;

/// <summary>
/// Reads what `wrk --latency` prints into the runner's statistics shape, so the bench report puts wrk's figures
/// beside the runner's. wrk reports 50/75/90/99 % latencies (no 95 %); a failed request is a non-2xx/3xx answer
/// or a socket error (connect, read, write, timeout), as wrk counts them separately from its requests.
/// </summary>
internal static partial class WrkOutput
{
    public static StatsSnapshot? Parse(string text)
    {
        var total = TotalRequests().Match(text);
        var rate = RequestsPerSecond().Match(text);
        if (!total.Success || !rate.Success)
        {
            return null;
        }

        var requests = long.Parse(total.Groups["n"].Value, CultureInfo.InvariantCulture);
        var failed = Sum(NonSuccess().Match(text), "n")
            + Sum(SocketErrors().Match(text), "connect", "read", "write", "timeout");
        var average = ThreadLatency().Match(text);
        return new StatsSnapshot(
            requests,
            failed,
            requests == 0 ? 0 : Math.Round((double)failed / requests, 6),
            double.Parse(rate.Groups["n"].Value, CultureInfo.InvariantCulture),
            new LatencyMs(
                average.Success ? Milliseconds(average.Groups["avg"].Value) : null,
                Percentile(text, "50"),
                Percentile(text, "90"),
                null,
                Percentile(text, "99"),
                average.Success ? Milliseconds(average.Groups["max"].Value) : null));
    }

    /// <summary>A wrk duration ("850.00us", "1.23ms", "2.00s", "1.50m") in milliseconds.</summary>
    public static double Milliseconds(string value)
    {
        var start = UnitStart(value);
        var number = double.Parse(value.AsSpan(0, start), CultureInfo.InvariantCulture);
        return value[start..] switch
        {
            "us" => number / 1000,
            "ms" => number,
            "s" => number * 1000,
            "m" => number * 60_000,
            "h" => number * 3_600_000,
            var other => throw new FormatException($"unknown wrk time unit '{other}' in '{value}'"),
        };
    }

    private static int UnitStart(string value)
    {
        var i = 0;
        while (i < value.Length && (char.IsAsciiDigit(value[i]) || value[i] == '.'))
        {
            i++;
        }

        return i;
    }

    private static double? Percentile(string text, string percent)
    {
        var match = Regex.Match(text, @"^\s*" + percent + @"(?:\.0+)?%\s+(?<v>[0-9.]+[a-z]+)\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant);
        return match.Success ? Milliseconds(match.Groups["v"].Value) : null;
    }

    private static long Sum(Match match, params string[] groups) =>
        match.Success ? groups.Sum(g => long.Parse(match.Groups[g].Value, CultureInfo.InvariantCulture)) : 0;

    [GeneratedRegex(@"^\s*(?<n>\d+) requests in ", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex TotalRequests();

    [GeneratedRegex(@"^Requests/sec:\s+(?<n>[0-9.]+)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(?<n>\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"Socket errors: connect (?<connect>\d+), read (?<read>\d+), write (?<write>\d+), timeout (?<timeout>\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex SocketErrors();

    [GeneratedRegex(@"^\s*Latency\s+(?<avg>[0-9.]+[a-z]+)\s+[0-9.]+[a-z]+\s+(?<max>[0-9.]+[a-z]+)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ThreadLatency();
}
