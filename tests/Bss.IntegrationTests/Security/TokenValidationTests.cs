using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests.Security;

/// <summary>Only the configured issuer's signed, current tokens for this API are accepted; every other one is a 401.</summary>
[Collection(ApiCluster.Name)]
public class TokenValidationTests(ApiClusterFixture cluster)
{
    private static readonly string[] OperatorRole = ["OPERATOR"];

    [Fact]
    public async Task IssuersOwnToken_IsAccepted()
    {
        var token = await Identity.TokenAsync(Identity.Viewer);

        using var response = await GetCustomersAsync(token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ForgedTokenWithNothingWrong_IsAccepted()
    {
        using var response = await GetCustomersAsync(ForgedTokens.Valid("VIEWER"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RolesInAPlainRolesClaim_CountAsWell()
    {
        var token = ForgedTokens.Make(d => d.Claims["roles"] = OperatorRole, role: null);

        using var response = await GetCustomersAsync(token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TokenWithoutAnyRealmRole_IsForbidden()
    {
        using var response = await GetCustomersAsync(ForgedTokens.Make(_ => { }, role: null));

        await response.ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task ExpiredToken_IsUnauthorized()
    {
        var token = ForgedTokens.Make(d =>
        {
            d.IssuedAt = d.NotBefore = DateTime.UtcNow.AddMinutes(-20);
            d.Expires = DateTime.UtcNow.AddMinutes(-10);
        });

        using var response = await GetCustomersAsync(token);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Contains("expired", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenOfAnotherIssuer_IsUnauthorized()
    {
        using var response = await GetCustomersAsync(ForgedTokens.Make(d => d.Issuer = "http://127.0.0.1:1/realms/other"));

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task TokenForAnotherAudience_IsUnauthorized()
    {
        using var response = await GetCustomersAsync(ForgedTokens.Make(d => d.Audience = "account"));

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task TokenSignedWithAnotherKeyUnderTheIssuersKeyId_IsUnauthorized()
    {
        using var other = RSA.Create(2048);

        using var response = await GetCustomersAsync(ForgedTokens.Make(_ => { }, key: other));

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task TokenSignedWithAnUnknownKey_IsUnauthorized()
    {
        using var other = RSA.Create(2048);

        using var response = await GetCustomersAsync(ForgedTokens.Make(_ => { }, key: other, keyId: "not-a-key-of-the-issuer"));

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task UnsignedToken_IsUnauthorized()
    {
        using var response = await GetCustomersAsync(ForgedTokens.WithoutSignature());

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task GarbageToken_IsUnauthorized()
    {
        using var response = await GetCustomersAsync("not.a.jwt");

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task WrongPassword_GetsNoTokenFromTheIssuer()
    {
        var response = await Identity.RequestPasswordTokenAsync(Identity.Operator, "not-the-password");

        Assert.True(response.IsError);
        Assert.Equal("invalid_grant", response.Error);
    }

    private async Task<HttpResponseMessage> GetCustomersAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Api.Customers + "?size=1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await cluster.Silo1.Anonymous.SendAsync(request);
    }
}
