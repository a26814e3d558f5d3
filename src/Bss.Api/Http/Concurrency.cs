using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Bss.Api.Http;

/// <summary>ETag and If-Match: the entity's integer version, quoted.</summary>
public static class Concurrency
{
    public static string ETagFor(int version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>
    /// The version the client expects: from If-Match when present (then a mismatch is 412), else from the body
    /// or query (then a mismatch is 409). A malformed If-Match is a validation error.
    /// </summary>
    public static ExpectedVersion Read(HttpContext http, int? fromBodyOrQuery)
    {
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return new ExpectedVersion(fromBodyOrQuery, FromIfMatch: false, Problem: null);
        }

        var token = ifMatch.Trim();
        if (token.StartsWith("W/", StringComparison.Ordinal))
        {
            token = token[2..];
        }

        token = token.Trim('"');
        if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
        {
            return new ExpectedVersion(null, false,
                ApiProblem.Validation(http, "If-Match", "must be the entity's ETag, a quoted positive version such as \"3\""));
        }

        if (fromBodyOrQuery is { } other && other != version)
        {
            return new ExpectedVersion(null, false,
                ApiProblem.Validation(http, "version", $"disagrees with If-Match ({version})"));
        }

        return new ExpectedVersion(version, FromIfMatch: true, Problem: null);
    }
}

public sealed record ExpectedVersion(int? Version, bool FromIfMatch, ApiProblem? Problem);
