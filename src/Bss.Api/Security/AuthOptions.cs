using System.ComponentModel.DataAnnotations;

namespace Bss.Api.Security;

/// <summary>
/// The OpenID Connect issuer whose access tokens the API accepts (configuration section <c>Auth</c>). Signing keys
/// come from the issuer's discovery document and JWKS and are fetched again when a token names a key not seen
/// before, so the issuer can rotate keys without a restart of the silos.
/// </summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string Section = "Auth";

    /// <summary>The issuer URL, e.g. <c>https://sso.example.com/realms/bss</c>; discovery is read below it.</summary>
    public string? Authority { get; set; }

    /// <summary>Where to read the discovery document when it is not under <see cref="Authority"/> (an internal address).</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>The accepted <c>iss</c> when it differs from the discovery document's (an issuer reached by another name).</summary>
    public string? ValidIssuer { get; set; }

    /// <summary>The accepted <c>aud</c> values: a token must name one of them.</summary>
    public string[] Audiences { get; set; } = ["bss-api"];

    /// <summary>How far clocks may disagree when checking <c>exp</c> and <c>nbf</c>.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Discovery over HTTPS only; turn off only for an issuer on loopback (dev, tests).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The shortest time between two fetches of the keys triggered by tokens signed with an unknown key.</summary>
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the discovery document and keys are fetched regardless.</summary>
    public TimeSpan MetadataRefreshInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a token that validated is accepted again without a new signature check (never past its <c>exp</c>);
    /// also how long a signing key withdrawn from the issuer is still honoured for tokens already seen. Zero turns this
    /// off (see <see cref="ValidatedTokens"/>).
    /// </summary>
    public TimeSpan ValidatedTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>At most this many validated tokens are remembered per silo (about 3 KB each).</summary>
    public int ValidatedTokenCapacity { get; set; } = 10_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Authority) && string.IsNullOrWhiteSpace(MetadataAddress))
        {
            yield return new ValidationResult(
                "Auth:Authority (the OpenID Connect issuer URL) is required: every API route needs a bearer token.",
                [nameof(Authority)]);
        }

        if (Audiences.Length == 0 || Audiences.Any(string.IsNullOrWhiteSpace))
        {
            yield return new ValidationResult("Auth:Audiences must name at least one audience.", [nameof(Audiences)]);
        }

        if (ClockSkew < TimeSpan.Zero || ClockSkew > TimeSpan.FromMinutes(5))
        {
            yield return new ValidationResult("Auth:ClockSkew must be between 0 and 5 minutes.", [nameof(ClockSkew)]);
        }

        if (ValidatedTokenLifetime < TimeSpan.Zero || ValidatedTokenLifetime > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult("Auth:ValidatedTokenLifetime must be between 0 and 1 hour.", [nameof(ValidatedTokenLifetime)]);
        }

        if (ValidatedTokenCapacity < 1)
        {
            yield return new ValidationResult("Auth:ValidatedTokenCapacity must be at least 1.", [nameof(ValidatedTokenCapacity)]);
        }
    }
}
