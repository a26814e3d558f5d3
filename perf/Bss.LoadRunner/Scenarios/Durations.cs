using System.Globalization;
using System.Text.RegularExpressions;

namespace Bss.LoadRunner.Scenarios;

/// <summary>k6's duration strings: 500ms, 30s, 2m, 1m30s, 1h.</summary>
internal static partial class Durations
{
    public static TimeSpan Parse(string text)
    {
        var match = Shape().Match(text.Trim());
        if (!match.Success || text.Trim().Length == 0)
        {
            throw new FormatException($"not a duration: '{text}' (e.g. 30s, 2m, 1m30s, 500ms)");
        }

        double Part(string name) =>
            match.Groups[name].Success ? double.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;

        return TimeSpan.FromHours(Part("h")) + TimeSpan.FromMinutes(Part("m")) + TimeSpan.FromSeconds(Part("s")) +
               TimeSpan.FromMilliseconds(Part("ms"));
    }

    public static string Format(TimeSpan span) =>
        span.TotalHours >= 1 ? span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : span.ToString(@"mm\:ss", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?:(?<h>\d+)h)?(?:(?<m>\d+)m(?!s))?(?:(?<s>\d+(?:\.\d+)?)s)?(?:(?<ms>\d+)ms)?$")]
    private static partial Regex Shape();
}

/// <summary>The comparison operators thresholds use.</summary>
internal static class Operators
{
    public static bool IsKnown(string op) => op is "<" or "<=" or ">" or ">=";

    public static bool Holds(double? actual, string op, double limit) => actual is { } a && op switch
    {
        "<" => a < limit,
        "<=" => a <= limit,
        ">" => a > limit,
        ">=" => a >= limit,
        _ => false,
    };
}
