using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bss.IntegrationTests.Security;

/// <summary>
/// Tokens the real issuer would never hand out (expired, another audience, another issuer …), made with its own
/// signing key from dev/test's key folder — or with another key — so the API's checks are tested one at a time.
/// A token made here with nothing wrong must be accepted (<see cref="Valid"/>), which shows the others fail for the
/// one reason they were made for.
/// </summary>
public static class ForgedTokens
{
    public static string Valid(string role = "OPERATOR") => Make(_ => { }, role);

    public static string Make(Action<SecurityTokenDescriptor> change, string? role = "OPERATOR", RSA? key = null, string? keyId = null)
    {
        var (issuerKey, issuerKeyId) = IssuerKey();
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = Guid.NewGuid().ToString(),
            ["preferred_username"] = "forged-" + Guid.NewGuid().ToString("N")[..6],
            ["azp"] = "bss-backend",
        };
        if (role is not null)
        {
            claims["realm_access"] = new Dictionary<string, object> { ["roles"] = new[] { role, "bss-user" } };
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Identity.Issuer,
            Audience = "bss-api",
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            Claims = claims,
            SigningCredentials = new SigningCredentials(
                new RsaSecurityKey(key ?? issuerKey) { KeyId = keyId ?? issuerKeyId }, SecurityAlgorithms.RsaSha256),
        };
        change(descriptor);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>An unsigned token (<c>alg: none</c>) with valid claims otherwise.</summary>
    public static string WithoutSignature()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new JsonObject { ["alg"] = "none", ["typ"] = "JWT" };
        var payload = new JsonObject
        {
            ["iss"] = Identity.Issuer, ["aud"] = "bss-api", ["sub"] = Guid.NewGuid().ToString(), ["preferred_username"] = "nobody",
            ["iat"] = now, ["nbf"] = now, ["exp"] = now + 300,
            ["realm_access"] = new JsonObject { ["roles"] = new JsonArray("SUPER_ADMIN") },
        };
        return $"{Base64Url(header.ToJsonString())}.{Base64Url(payload.ToJsonString())}.";
    }

    /// <summary>The key the issuer signs with now: the newest PEM file of its key folder.</summary>
    private static (RSA Key, string KeyId) IssuerKey()
    {
        var newest = Directory.GetFiles(Identity.KeysDirectory, "*.pem").Order(StringComparer.Ordinal).Last();
        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(newest));
        return (rsa, Path.GetFileNameWithoutExtension(newest));
    }

    private static string Base64Url(string text) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(text));
}
