using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Bss.Api.Security;

/// <summary>The token Prometheus sends to <c>/metrics</c> (configuration <c>Metrics:ScrapeToken</c>).</summary>
public sealed class ScrapeTokenOptions
{
    public const string Section = "Metrics";

    /// <summary>Unset: <c>/metrics</c> answers nobody.</summary>
    public string? ScrapeToken { get; set; }
}

/// <summary>
/// Checks <c>Authorization: Bearer &lt;scrape token&gt;</c> on <c>/metrics</c>. The scraper is a machine with a shared
/// secret in its configuration (Prometheus' <c>authorization.credentials_file</c>), not a user of the identity provider.
/// </summary>
public sealed class ScrapeToken(IOptions<ScrapeTokenOptions> options)
{
    private readonly byte[]? _expected = string.IsNullOrEmpty(options.Value.ScrapeToken)
        ? null
        : SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.ScrapeToken));

    public bool Matches(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (_expected is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Hashes of equal length compared in constant time: neither the token nor its length leaks through timing.
        var offered = SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(offered, _expected);
    }
}
