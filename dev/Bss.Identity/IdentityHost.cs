using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Bss.Identity;

/// <summary>
/// OpenIddict as a stand-in for the Keycloak realm: Keycloak's endpoint paths under the issuer, the realm file's
/// clients, users and token lifetime, and signing keys from a folder.
/// </summary>
public static class IdentityHost
{
    private static readonly string[] ClientScopes = [Scopes.Profile, Scopes.Email];

    /// <summary>Keycloak's path of an endpoint under the issuer, e.g. realms/bss/protocol/openid-connect/token.</summary>
    public static string EndpointPath(this IdentitySettings settings, string endpoint) =>
        $"{settings.Issuer!.AbsolutePath.Trim('/')}/{endpoint}".TrimStart('/');

    public static void AddBssIdentity(this WebApplicationBuilder builder, IdentitySettings settings, Realm realm, SigningKeys keys)
    {
        builder.Services.AddSingleton(realm);
        builder.Services.AddSingleton(keys);
        // Nothing protected with ASP.NET Core data protection outlives the process here: keep its keys in memory
        // rather than in the home folder.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddDbContext<IdentityDbContext>(options =>
        {
            options.UseInMemoryDatabase("bss-identity");
            options.UseOpenIddict();
        });

        builder.Services.AddOpenIddict()
            // A store (rather than OpenIddict's degraded mode) so that OpenIddict itself authenticates clients and
            // enforces which grants each may use; the realm file is the source, copied into memory at start.
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IdentityDbContext>())
            .AddServer(server =>
            {
                server.SetIssuer(settings.Issuer!);
                // Relative to the request's host, so the endpoints answer on 127.0.0.1 and localhost alike.
                server.SetConfigurationEndpointUris(settings.EndpointPath(".well-known/openid-configuration"))
                    .SetTokenEndpointUris(settings.EndpointPath("protocol/openid-connect/token"))
                    .SetJsonWebKeySetEndpointUris(settings.EndpointPath("protocol/openid-connect/certs"));
                server.AllowPasswordFlow().AllowClientCredentialsFlow();
                server.RegisterScopes(ClientScopes);
                server.SetAccessTokenLifetime(TimeSpan.FromSeconds(realm.AccessTokenLifespan));

                // Plain signed JWTs, as Keycloak issues them: the silo validates them against the published keys.
                server.DisableAccessTokenEncryption();
                // Nothing this issuer hands out is kept (no refresh tokens, no codes), so issued tokens need no
                // rows, and the in-memory store does not grow with every test's token request.
                server.DisableTokenStorage().DisableAuthorizationStorage();
                // OpenIddict wants an encryption key even when it encrypts nothing it issues; an ephemeral one will do.
                server.AddEphemeralEncryptionKey();
                // Newest first: OpenIddict signs with the first of equally ranked keys (checked at start).
                foreach (var key in keys.NewestFirst)
                {
                    server.AddSigningKey(key);
                }

                server.UseAspNetCore()
                    .EnableTokenEndpointPassthrough()
                    // This issuer serves dev and tests on loopback over plain HTTP, like Keycloak's start-dev; OpenIddict
                    // requires HTTPS by default. Compose and production use Keycloak, never this host.
                    .DisableTransportSecurityRequirement();
            });
    }

    /// <summary>Copies the realm's enabled clients into OpenIddict's store, with the grants Keycloak would allow them.</summary>
    public static async Task RegisterRealmClientsAsync(this WebApplication app)
    {
        var realm = app.Services.GetRequiredService<Realm>();
        await using var scope = app.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        foreach (var client in realm.Clients.Where(client => client.IsEnabled))
        {
            var descriptor = new OpenIddictApplicationDescriptor
            {
                ClientId = client.ClientId,
                DisplayName = client.ClientId,
                ClientType = client.PublicClient ? ClientTypes.Public : ClientTypes.Confidential,
                ClientSecret = client.PublicClient ? null : client.Secret,
            };
            descriptor.Permissions.Add(Permissions.Endpoints.Token);
            if (client.DirectAccessGrantsEnabled)
            {
                descriptor.Permissions.Add(Permissions.GrantTypes.Password);
            }

            if (client.ServiceAccountsEnabled && !client.PublicClient)
            {
                descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
            }

            foreach (var name in ClientScopes)
            {
                descriptor.Permissions.Add(Permissions.Prefixes.Scope + name);
            }

            await applications.CreateAsync(descriptor);
        }
    }

    /// <summary>Fails the start if OpenIddict would sign with another key than the newest.</summary>
    public static void CheckSigningKey(this WebApplication app)
    {
        var keys = app.Services.GetRequiredService<SigningKeys>();
        var options = app.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue;
        var signing = options.SigningCredentials.FirstOrDefault(credentials => credentials.Key is not Microsoft.IdentityModel.Tokens.SymmetricSecurityKey);
        if (signing?.Key.KeyId != keys.Signing.KeyId)
        {
            throw new InvalidOperationException(
                $"OpenIddict would sign with key '{signing?.Key.KeyId}', not with the newest key '{keys.Signing.KeyId}'");
        }
    }
}
