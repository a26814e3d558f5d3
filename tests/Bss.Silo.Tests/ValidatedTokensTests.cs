using System.Security.Claims;
using System.Security.Cryptography;
using Bss.Api.Security;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bss.Silo.Tests;

/// <summary>
/// When a bearer token's earlier validation is reused and when it is not: signed with a real RSA key and validated by
/// the real JsonWebTokenHandler underneath; only the clock that ages the remembered validations is a test clock.
/// </summary>
public sealed class ValidatedTokensTests : IDisposable
{
    private const string Issuer = "https://issuer.test/realms/bss";
    private static readonly string[] OperatorRole = ["OPERATOR"];
    private readonly RSA _key = RSA.Create(2048);
    private readonly RSA _otherKey = RSA.Create(2048);
    // A whole second, as a token's exp is: an expiry falls exactly where the test puts it.
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public void Dispose()
    {
        _key.Dispose();
        _otherKey.Dispose();
    }

    [Fact]
    public async Task SameToken_IsCheckedOnceWhileRemembered()
    {
        var tokens = Tokens();
        var token = Token(TimeSpan.FromMinutes(10));

        var first = await tokens.ValidateTokenAsync(token, Parameters());
        var second = await tokens.ValidateTokenAsync(token, Parameters());

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.Equal(1, tokens.SignatureChecks);
        Assert.Equal("alice", second.ClaimsIdentity.Name);
        Assert.True(new ClaimsPrincipal(second.ClaimsIdentity).IsInRole("OPERATOR"));
        Assert.Equal(first.SecurityToken, second.SecurityToken);
    }

    [Fact]
    public async Task EachRequest_GetsItsOwnCopyOfTheIdentity()
    {
        var tokens = Tokens();
        var token = Token(TimeSpan.FromMinutes(10));

        var first = await tokens.ValidateTokenAsync(token, Parameters());
        first.ClaimsIdentity.AddClaim(new Claim(SecurityExtensions.RoleClaim, "SUPER_ADMIN"));
        var second = await tokens.ValidateTokenAsync(token, Parameters());

        Assert.False(new ClaimsPrincipal(second.ClaimsIdentity).IsInRole("SUPER_ADMIN"));
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
    }

    [Fact]
    public async Task RememberedValidation_EndsAfterTheConfiguredLifetime()
    {
        var tokens = Tokens(lifetime: TimeSpan.FromMinutes(5));
        var token = Token(TimeSpan.FromMinutes(30));

        await tokens.ValidateTokenAsync(token, Parameters());
        _time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        await tokens.ValidateTokenAsync(token, Parameters());
        Assert.Equal(1, tokens.SignatureChecks);

        _time.Advance(TimeSpan.FromSeconds(2));
        var again = await tokens.ValidateTokenAsync(token, Parameters());

        Assert.True(again.IsValid);
        Assert.Equal(2, tokens.SignatureChecks);
    }

    [Fact]
    public async Task RememberedValidation_NeverOutlivesTheTokensExpiry()
    {
        var tokens = Tokens(lifetime: TimeSpan.FromMinutes(5));
        var token = Token(TimeSpan.FromMinutes(1));

        await tokens.ValidateTokenAsync(token, Parameters());
        _time.Advance(TimeSpan.FromSeconds(61));
        await tokens.ValidateTokenAsync(token, Parameters());

        Assert.Equal(2, tokens.SignatureChecks);
    }

    [Fact]
    public async Task RefusedToken_IsNeverRemembered()
    {
        var tokens = Tokens();
        var forged = Token(TimeSpan.FromMinutes(10), signWith: _otherKey);

        var first = await tokens.ValidateTokenAsync(forged, Parameters());
        var second = await tokens.ValidateTokenAsync(forged, Parameters());

        Assert.False(first.IsValid);
        Assert.False(second.IsValid);
        Assert.Equal(2, tokens.SignatureChecks);
        Assert.Equal(0, tokens.Count);
    }

    [Fact]
    public async Task TokenWithOneCharacterChanged_IsAnotherTokenAndIsRefused()
    {
        var tokens = Tokens();
        var token = Token(TimeSpan.FromMinutes(10));
        await tokens.ValidateTokenAsync(token, Parameters());

        var changed = token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];
        var result = await tokens.ValidateTokenAsync(changed, Parameters());

        Assert.False(result.IsValid);
        Assert.Equal(2, tokens.SignatureChecks);
    }

    [Fact]
    public async Task FullCache_KeepsWhatItHasAndStillValidatesNewTokens()
    {
        var tokens = Tokens(capacity: 2);
        var all = Enumerable.Range(0, 3).Select(_ => Token(TimeSpan.FromMinutes(10))).ToList();

        foreach (var token in all)
        {
            Assert.True((await tokens.ValidateTokenAsync(token, Parameters())).IsValid);
        }

        Assert.Equal(2, tokens.Count);
        Assert.True((await tokens.ValidateTokenAsync(all[2], Parameters())).IsValid);
        Assert.Equal(4, tokens.SignatureChecks);
    }

    [Fact]
    public async Task FullCache_MakesRoomByDroppingExpiredEntries()
    {
        var tokens = Tokens(capacity: 1);
        await tokens.ValidateTokenAsync(Token(TimeSpan.FromMinutes(1)), Parameters());
        _time.Advance(TimeSpan.FromMinutes(2));

        var fresh = Token(TimeSpan.FromMinutes(10));
        await tokens.ValidateTokenAsync(fresh, Parameters());
        await tokens.ValidateTokenAsync(fresh, Parameters());

        Assert.Equal(1, tokens.Count);
        Assert.Equal(2, tokens.SignatureChecks);
    }

    [Fact]
    public async Task FullCache_IsSweptAtMostOnceASecond()
    {
        var tokens = Tokens(capacity: 2);
        await tokens.ValidateTokenAsync(Token(TimeSpan.FromSeconds(60)), Parameters());
        await tokens.ValidateTokenAsync(Token(TimeSpan.FromMinutes(10)), Parameters());

        _time.Advance(TimeSpan.FromSeconds(59.8));
        await tokens.ValidateTokenAsync(Token(TimeSpan.FromMinutes(10)), Parameters());
        _time.Advance(TimeSpan.FromSeconds(0.5));
        var withinTheSecond = Token(TimeSpan.FromMinutes(10));
        await tokens.ValidateTokenAsync(withinTheSecond, Parameters());
        await tokens.ValidateTokenAsync(withinTheSecond, Parameters());
        Assert.Equal(5, tokens.SignatureChecks);

        _time.Advance(TimeSpan.FromSeconds(1));
        var afterIt = Token(TimeSpan.FromMinutes(10));
        await tokens.ValidateTokenAsync(afterIt, Parameters());
        await tokens.ValidateTokenAsync(afterIt, Parameters());

        Assert.Equal(6, tokens.SignatureChecks);
        Assert.Equal(2, tokens.Count);
    }

    [Fact]
    public async Task ZeroLifetime_ChecksEveryTime()
    {
        var tokens = Tokens(lifetime: TimeSpan.Zero);
        var token = Token(TimeSpan.FromMinutes(10));

        await tokens.ValidateTokenAsync(token, Parameters());
        var second = await tokens.ValidateTokenAsync(token, Parameters());

        Assert.True(second.IsValid);
        Assert.True(new ClaimsPrincipal(second.ClaimsIdentity).IsInRole("OPERATOR"));
        Assert.Equal(2, tokens.SignatureChecks);
        Assert.Equal(0, tokens.Count);
    }

    private ValidatedTokens Tokens(TimeSpan? lifetime = null, int capacity = 10_000) =>
        new(Options.Create(new AuthOptions
        {
            Authority = Issuer,
            ValidatedTokenLifetime = lifetime ?? TimeSpan.FromMinutes(5),
            ValidatedTokenCapacity = capacity,
        }), _time);

    private TokenValidationParameters Parameters() => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = "bss-api",
        IssuerSigningKey = new RsaSecurityKey(_key) { KeyId = "k1" },
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        RequireExpirationTime = true,
        ClockSkew = TimeSpan.Zero,
        NameClaimType = "preferred_username",
        RoleClaimType = SecurityExtensions.RoleClaim,
    };

    /// <summary>A token valid by the real clock for <paramref name="lifetime"/> (the handler checks exp by it).</summary>
    private string Token(TimeSpan lifetime, RSA? signWith = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = "bss-api",
            IssuedAt = now,
            NotBefore = now,
            // The remembered validation ends with exp as the test clock sees it; the test clock starts at the real now.
            Expires = _time.GetUtcNow().UtcDateTime + lifetime,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = Guid.NewGuid().ToString(),
                ["preferred_username"] = "alice",
                ["realm_access"] = new Dictionary<string, object> { ["roles"] = OperatorRole },
            },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(signWith ?? _key) { KeyId = "k1" }, SecurityAlgorithms.RsaSha256),
        });
    }
}
