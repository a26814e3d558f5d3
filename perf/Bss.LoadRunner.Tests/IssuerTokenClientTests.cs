using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bss.ClientAuth;

namespace Bss.LoadRunner.Tests;

/// <summary>
/// The issuer's protocol as Duende.IdentityModel speaks it, against canned answers of a Keycloak-shaped issuer
/// (dev/test runs the real one for the tools' smoke tests): what is sent, and the one-line errors.
/// </summary>
public class IssuerTokenClientTests
{
    private const string Issuer = "http://127.0.0.1:58190/realms/bss";

    [Fact]
    public void Policy_ForAnIssuerOnThisMachine_AllowsHttp_AndStillChecksTheIssuerName()
    {
        var loopback = IssuerTokenClient.PolicyFor(new Uri(Issuer));
        var named = IssuerTokenClient.PolicyFor(new Uri("http://localhost:58190/realms/bss"));
        var remote = IssuerTokenClient.PolicyFor(new Uri("https://login.example.com/realms/bss"));

        Assert.False(loopback.RequireHttps);
        Assert.False(named.RequireHttps);
        Assert.True(remote.RequireHttps);
        Assert.True(loopback.ValidateIssuerName && remote.ValidateIssuerName);
    }

    [Fact]
    public async Task Request_ByClientCredentials_FindsTheTokenEndpointByDiscovery_AndReturnsTheTokenWithItsLifetime()
    {
        var issuer = new CannedIssuer();
        using var client = new IssuerTokenClient(Settings(), issuer);

        var token = await client.RequestAsync(CancellationToken.None);
        await client.RequestAsync(CancellationToken.None);

        Assert.Equal(new IssuedToken("access-1", TimeSpan.FromSeconds(300)), token);
        Assert.Equal(1, issuer.Discoveries);
        Assert.Contains("grant_type=client_credentials", issuer.TokenRequests[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_WithAUsername_UsesThePasswordGrant()
    {
        var issuer = new CannedIssuer();
        using var client = new IssuerTokenClient(Settings() with { Username = "operator", Password = "operator" }, issuer);

        await client.RequestAsync(CancellationToken.None);

        Assert.Contains("grant_type=password", issuer.TokenRequests[0], StringComparison.Ordinal);
        Assert.Contains("username=operator", issuer.TokenRequests[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_WhenTheIssuerRefusesTheCredentials_SaysSoInOneLine()
    {
        var issuer = new CannedIssuer { Refusal = ("invalid_client", "Invalid client or Invalid client credentials") };
        using var client = new IssuerTokenClient(Settings(), issuer);

        var error = await Assert.ThrowsAsync<AccessTokenException>(() => client.RequestAsync(CancellationToken.None));

        Assert.Equal($"the issuer {Issuer} refused a client credentials token to client 'bss-backend': " +
                     "invalid_client (Invalid client or Invalid client credentials)", error.Message);
    }

    [Fact]
    public async Task Request_WhenTheIssuerIsUnreachable_SaysSoInOneLine()
    {
        using var client = new IssuerTokenClient(Settings(), new CannedIssuer { Down = true });

        var error = await Assert.ThrowsAsync<AccessTokenException>(() => client.RequestAsync(CancellationToken.None));

        Assert.StartsWith($"the issuer {Issuer} is unreachable: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Request_WhenTheDiscoveryDocumentNamesAnotherIssuer_IsRefused()
    {
        using var client = new IssuerTokenClient(Settings(), new CannedIssuer { NamedIssuer = "http://127.0.0.1:58190/realms/other" });

        var error = await Assert.ThrowsAsync<AccessTokenException>(() => client.RequestAsync(CancellationToken.None));

        Assert.StartsWith($"the issuer {Issuer} has no usable discovery document: ", error.Message, StringComparison.Ordinal);
    }

    private static TokenSettings Settings() => new(new Uri(Issuer), "bss-backend", "bss-backend-dev-secret", null, null);

    /// <summary>Discovery, JWKS and token endpoint at Keycloak's paths, answering from fields the test sets.</summary>
    private sealed class CannedIssuer : HttpMessageHandler
    {
        public bool Down { get; init; }

        public string NamedIssuer { get; init; } = Issuer;

        public (string Error, string Description)? Refusal { get; init; }

        public int Discoveries { get; private set; }

        public List<string> TokenRequests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Down)
            {
                throw new HttpRequestException("Connection refused (127.0.0.1:58190)");
            }

            switch (request.RequestUri!.AbsolutePath)
            {
                case "/realms/bss/.well-known/openid-configuration":
                    Discoveries++;
                    return Json(HttpStatusCode.OK, new JsonObject
                    {
                        ["issuer"] = NamedIssuer,
                        ["token_endpoint"] = $"{Issuer}/protocol/openid-connect/token",
                        ["jwks_uri"] = $"{Issuer}/protocol/openid-connect/certs",
                        ["grant_types_supported"] = new JsonArray("password", "client_credentials"),
                    });
                case "/realms/bss/protocol/openid-connect/certs":
                    return Json(HttpStatusCode.OK, new JsonObject
                    {
                        ["keys"] = new JsonArray(new JsonObject { ["kty"] = "RSA", ["use"] = "sig", ["kid"] = "k1", ["e"] = "AQAB", ["n"] = "sXch" }),
                    });
                case "/realms/bss/protocol/openid-connect/token":
                    TokenRequests.Add(await request.Content!.ReadAsStringAsync(cancellationToken));
                    return Refusal is { } refusal
                        ? Json(HttpStatusCode.Unauthorized, new JsonObject { ["error"] = refusal.Error, ["error_description"] = refusal.Description })
                        : Json(HttpStatusCode.OK, new JsonObject
                        {
                            ["access_token"] = $"access-{TokenRequests.Count}", ["token_type"] = "Bearer", ["expires_in"] = 300,
                        });
                default:
                    return new HttpResponseMessage(HttpStatusCode.NotFound);
            }
        }

        private static HttpResponseMessage Json(HttpStatusCode status, JsonObject body) =>
            new(status) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
    }
}
