using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Bss.Identity;

/// <summary>
/// The token endpoint's grants. OpenIddict has already authenticated the client and checked that it may use the
/// grant (from the realm's client settings); this decides who the token is for and what it says, the way Keycloak's
/// default client scopes and the realm's mappers would.
/// </summary>
public static class TokenEndpoint
{
    // Keycloak's default client scopes of a new realm that show in an access token's scope claim.
    private static readonly string[] DefaultScopes = [Scopes.Profile, Scopes.Email];

    public static void MapTokenEndpoint(this WebApplication app, string path) =>
        app.MapPost(path, Exchange);

    private static IResult Exchange(HttpContext http, Realm realm, ILoggerFactory loggers)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");
        var client = realm.FindClient(request.ClientId!)
            ?? throw new InvalidOperationException($"client '{request.ClientId}' passed OpenIddict but is not in the realm");

        RealmUser? user;
        if (request.IsPasswordGrantType())
        {
            user = realm.FindUser(request.Username ?? "");
            if (user is null || !user.IsEnabled || !user.HasPassword(request.Password ?? ""))
            {
                Log.LoginRefused(loggers.CreateLogger(typeof(TokenEndpoint)), request.Username, client.ClientId);
                // Keycloak's answer, word for word: clients match on the error code, people read the description.
                return Refuse(Errors.InvalidGrant, "Invalid user credentials");
            }
        }
        else if (request.IsClientCredentialsGrantType())
        {
            user = realm.FindServiceAccount(client.ClientId);
            if (user is null || !user.IsEnabled)
            {
                return Refuse(Errors.UnauthorizedClient, "Client has no enabled service account");
            }
        }
        else
        {
            return Refuse(Errors.UnsupportedGrantType, "Unsupported grant type");
        }

        var scopes = request.GetScopes();
        var principal = Principal(user, client, scopes.IsEmpty ? DefaultScopes : scopes);
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static ClaimsPrincipal Principal(RealmUser user, RealmClient client, IEnumerable<string> scopes)
    {
        var identity = new ClaimsIdentity(
            TokenValidationParameters.DefaultAuthenticationType, Claims.PreferredUsername, Claims.Role);
        var granted = scopes.ToHashSet(StringComparer.Ordinal);

        identity.SetClaim(Claims.Subject, user.Id);
        identity.SetClaim(Claims.PreferredUsername, user.Username);
        identity.SetClaim(Claims.AuthorizedParty, client.ClientId);
        identity.SetClaim("realm_access", JsonSerializer.SerializeToElement(new { roles = user.RealmRoles ?? [] }));
        // The replaced system let a customer read its own record by this attribute.
        identity.SetClaim("customer_id", user.Attribute("customer_id"));
        if (granted.Contains(Scopes.Email))
        {
            identity.SetClaim(Claims.Email, user.Email);
            identity.SetClaim(Claims.EmailVerified, user.Email is null ? null : user.EmailVerified ?? false);
        }

        if (granted.Contains(Scopes.Profile))
        {
            identity.SetClaim(Claims.GivenName, user.FirstName);
            identity.SetClaim(Claims.FamilyName, user.LastName);
            var name = string.Join(' ', new[] { user.FirstName, user.LastName }.Where(part => !string.IsNullOrEmpty(part)));
            identity.SetClaim(Claims.Name, name.Length == 0 ? null : name);
        }

        identity.SetScopes(granted);
        identity.SetResources(client.AccessTokenAudiences);
        identity.SetDestinations(claim => claim.Type switch
        {
            Claims.PreferredUsername or Claims.Email or Claims.EmailVerified or Claims.Name or Claims.GivenName
                or Claims.FamilyName => [Destinations.AccessToken, Destinations.IdentityToken],
            _ => [Destinations.AccessToken],
        });
        return new ClaimsPrincipal(identity);
    }

    private static IResult Refuse(string error, string description) =>
        Results.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
