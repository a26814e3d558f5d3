using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bss.Api.Security;

/// <summary>
/// The bearer token handler of the API: JsonWebTokenHandler's validation, remembered for a token that passed it.
/// Checking a token's RSA signature and reading its claims cost about a quarter of a silo's CPU on a read by id,
/// while a client sends the same token for minutes. A token that validated is kept, under the SHA-256 of its text
/// (never the token itself), until its <c>exp</c> or for <see cref="AuthOptions.ValidatedTokenLifetime"/>, whichever
/// comes first; within that time the same text is accepted again without a new signature check. A token that failed
/// is never kept, a changed character is another token, and at most <see cref="AuthOptions.ValidatedTokenCapacity"/>
/// tokens are kept. The price: a signing key withdrawn from the issuer's JWKS stops being honoured only after that
/// lifetime (five minutes by default; zero turns the cache off). Realm roles are copied into <c>roles</c> once, when
/// the token is validated, and each request gets its own copy of the identity.
/// </summary>
public sealed class ValidatedTokens : JsonWebTokenHandler
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly AuthOptions _options;
    private long _signatureChecks;
    private long _lastSweep;

    public ValidatedTokens(IOptions<AuthOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        // JwtBearerOptions.MapInboundClaims reaches only its own default handlers: claims keep their JWT names here too.
        MapInboundClaims = false;
    }

    /// <summary>How many tokens were validated in full (signature, issuer, audience, lifetime) since start.</summary>
    public long SignatureChecks => Interlocked.Read(ref _signatureChecks);

    /// <summary>How many validated tokens are remembered now.</summary>
    public int Count => _entries.Count;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var lifetime = _options.ValidatedTokenLifetime;
        if (lifetime <= TimeSpan.Zero || string.IsNullOrEmpty(token))
        {
            return Prepared(await ValidateInFullAsync(token, validationParameters));
        }

        var key = KeyOf(token);
        var now = _time.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry))
        {
            if (now < entry.Until)
            {
                return entry.CopyForRequest();
            }

            _entries.TryRemove(KeyValuePair.Create(key, entry));
        }

        var result = Prepared(await ValidateInFullAsync(token, validationParameters));
        if (result.IsValid && result.SecurityToken is { } securityToken && result.ClaimsIdentity is { } identity)
        {
            var until = now + lifetime;
            var expires = securityToken.ValidTo;
            if (expires != DateTime.MinValue && new DateTimeOffset(DateTime.SpecifyKind(expires, DateTimeKind.Utc)) < until)
            {
                until = new DateTimeOffset(DateTime.SpecifyKind(expires, DateTimeKind.Utc));
            }

            if (until > now && HasRoom(now))
            {
                _entries[key] = new Entry(until, identity.Clone(), securityToken, result.Issuer, result.TokenType);
            }
        }

        return result;
    }

    private async Task<TokenValidationResult> ValidateInFullAsync(string token, TokenValidationParameters validationParameters)
    {
        Interlocked.Increment(ref _signatureChecks);
        return await base.ValidateTokenAsync(token, validationParameters);
    }

    /// <summary>
    /// Makes room by dropping expired entries; when every entry is still live, the new token is not kept. A full cache
    /// is swept at most once a second, so a crowd of new tokens does not walk it once each.
    /// </summary>
    private bool HasRoom(DateTimeOffset now)
    {
        var capacity = _options.ValidatedTokenCapacity;
        if (_entries.Count < capacity)
        {
            return true;
        }

        var ticks = now.UtcTicks;
        var last = Interlocked.Read(ref _lastSweep);
        if (ticks - last < TimeSpan.TicksPerSecond || Interlocked.CompareExchange(ref _lastSweep, ticks, last) != last)
        {
            return false;
        }

        foreach (var (key, entry) in _entries)
        {
            if (entry.Until <= now)
            {
                _entries.TryRemove(KeyValuePair.Create(key, entry));
            }
        }

        return _entries.Count < capacity;
    }

    private static string KeyOf(string token)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var length = Encoding.UTF8.GetMaxByteCount(token.Length);
        var rented = length <= 4096 ? null : System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Span<byte> utf8 = rented ?? stackalloc byte[4096];
            var written = Encoding.UTF8.GetBytes(token, utf8);
            SHA256.HashData(utf8[..written], hash);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }

        return Convert.ToBase64String(hash);
    }

    /// <summary>A validated token's realm roles (Keycloak's <c>realm_access.roles</c>) become <c>roles</c> claims.</summary>
    private static TokenValidationResult Prepared(TokenValidationResult result)
    {
        if (result.IsValid && result.ClaimsIdentity is { } identity)
        {
            AddRealmRoles(identity);
        }

        return result;
    }

    /// <summary>Keycloak puts realm roles in <c>realm_access.roles</c>; a plain <c>roles</c> claim counts as well.</summary>
    internal static void AddRealmRoles(ClaimsIdentity identity)
    {
        foreach (var claim in identity.FindAll("realm_access").ToList())
        {
            try
            {
                using var access = JsonDocument.Parse(claim.Value);
                if (access.RootElement.ValueKind == JsonValueKind.Object &&
                    access.RootElement.TryGetProperty("roles", out var roles) && roles.ValueKind == JsonValueKind.Array)
                {
                    foreach (var role in roles.EnumerateArray())
                    {
                        if (role.ValueKind == JsonValueKind.String && !identity.HasClaim(SecurityExtensions.RoleClaim, role.GetString()!))
                        {
                            identity.AddClaim(new Claim(SecurityExtensions.RoleClaim, role.GetString()!));
                        }
                    }
                }
            }
            catch (JsonException)
            {
                // A malformed realm_access grants nothing.
            }
        }
    }

    private sealed record Entry(DateTimeOffset Until, ClaimsIdentity Identity, SecurityToken Token, string? Issuer, string? TokenType)
    {
        public TokenValidationResult CopyForRequest() => new()
        {
            IsValid = true,
            ClaimsIdentity = Identity.Clone(),
            SecurityToken = Token,
            Issuer = Issuer,
            TokenType = TokenType,
        };
    }
}
