using Bss.Api.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Bss.Api.Security;

/// <summary>
/// 401, 403 and "the issuer cannot be reached" (503) as problem+json in the API's error shape. A 401 keeps the
/// bearer challenge (<c>WWW-Authenticate</c>); a 403 names the role the route needs.
/// </summary>
public sealed class AuthorizationAnswers : IAuthorizationMiddlewareResultHandler
{
    private const string FailureItem = "bss.auth.failure";
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    /// <summary>Keeps why a token was refused, for the answer's detail.</summary>
    public static void RememberFailure(HttpContext http, Exception failure) => http.Items[FailureItem] = failure;

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var (http, result) = (context, authorizeResult);
        if (result.Challenged)
        {
            var failure = http.Items[FailureItem] as Exception;
            if (failure is not null && await IssuerUnreachableAsync(http))
            {
                http.Response.Headers.RetryAfter = "5";
                await Write(http, StatusCodes.Status503ServiceUnavailable, "SERVICE_UNAVAILABLE", "Service unavailable",
                    "The identity provider's signing keys cannot be fetched just now; the token could not be checked. Retry shortly.");
                return;
            }

            await http.ChallengeAsync();
            await Write(http, StatusCodes.Status401Unauthorized, "UNAUTHORIZED", "Unauthorized", Why(failure, http));
            return;
        }

        if (result.Forbidden)
        {
            var access = http.GetEndpoint()?.Metadata.GetMetadata<RequiredAccess>()?.Access;
            var detail = access is { } needed
                ? $"This request needs the role {Roles.Lowest(needed)} or above."
                : "This request is not allowed for the signed-in caller.";
            await Write(http, StatusCodes.Status403Forbidden, "FORBIDDEN", "Forbidden", detail);
            return;
        }

        await _default.HandleAsync(next, http, policy, result);
    }

    private static string Why(Exception? failure, HttpContext http) => failure switch
    {
        SecurityTokenExpiredException => "The bearer token has expired: get a new one from the identity provider.",
        SecurityTokenInvalidAudienceException => "The bearer token was not issued for this API (audience).",
        SecurityTokenInvalidIssuerException => "The bearer token comes from an issuer this API does not trust.",
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException =>
            "The bearer token's signature does not verify.",
        SecurityTokenInvalidAlgorithmException => "The bearer token is signed with an algorithm this API does not accept.",
        not null => "The bearer token is not valid.",
        _ when http.Request.Headers.Authorization.Count == 0 => "This request needs a bearer token (Authorization: Bearer …).",
        _ => "The bearer token is not valid.",
    };

    /// <summary>
    /// A refused token while the issuer's discovery document and keys cannot be fetched (never fetched yet, issuer
    /// down): the token could not be checked, which is not the caller's fault. Asks the configuration manager, which
    /// answers from its cache when it has the keys, so this costs nothing once the issuer has been reached.
    /// </summary>
    private static async Task<bool> IssuerUnreachableAsync(HttpContext http)
    {
        var jwt = http.RequestServices.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        if (jwt.ConfigurationManager is not { } configuration)
        {
            return false;
        }

        try
        {
            await configuration.GetConfigurationAsync(http.RequestAborted);
            return false;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or HttpRequestException or TaskCanceledException)
        {
            return true;
        }
    }

    private static Task Write(HttpContext http, int status, string code, string title, string detail) =>
        ApiResponse.Problem(ApiProblem.Create(http, status, code, title, detail)).ToResult().ExecuteAsync(http);
}
