using Bss.Abstractions.Common;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Bss.Api.Security;

public static class SecurityExtensions
{
    /// <summary>The policy of <c>/metrics</c>: the scraper's token (see <see cref="ScrapeToken"/>).</summary>
    public const string MetricsPolicy = "bss:metrics";

    /// <summary>Claim type of roles on the principal (Keycloak's realm roles are copied into it).</summary>
    public const string RoleClaim = "roles";

    /// <summary>
    /// Bearer tokens validated by JwtBearer against the configured OpenID Connect issuer, one policy per level of the
    /// role matrix, and answers for 401/403/503 in the API's problem shape. Anything not placed otherwise needs a
    /// signed-in caller (the fallback policy).
    /// </summary>
    public static IServiceCollection AddBssSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ScrapeTokenOptions>().Bind(configuration.GetSection(ScrapeTokenOptions.Section));
        services.AddSingleton<ScrapeToken>();

        services.AddSingleton<ValidatedTokens>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, ValidatedTokens>((jwt, auth, tokens) => Configure(jwt, auth.Value, tokens));

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(MetricsPolicy, p => p.RequireAssertion(c =>
                c.Resource is Microsoft.AspNetCore.Http.HttpContext http &&
                http.RequestServices.GetRequiredService<ScrapeToken>().Matches(http)));
        foreach (var access in Enum.GetValues<Access>())
        {
            services.Configure<AuthorizationOptions>(o => o.AddPolicy(RoleMatrix.Policy(access),
                p => p.RequireAuthenticatedUser().RequireRole(Roles.Granting(access))));
        }

        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuthorizationAnswers>();
        return services;
    }

    /// <summary>Authentication, authorization, and the caller as the actor of every grain call the request makes.</summary>
    public static WebApplication UseBssSecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.Use((http, next) =>
        {
            if (http.User.ActorName() is { } actor)
            {
                Actor.Set(actor);
            }

            return next(http);
        });
        return app;
    }

    private static void Configure(JwtBearerOptions jwt, AuthOptions auth, ValidatedTokens tokens)
    {
        if (!string.IsNullOrWhiteSpace(auth.Authority))
        {
            jwt.Authority = auth.Authority;
        }

        if (!string.IsNullOrWhiteSpace(auth.MetadataAddress))
        {
            jwt.MetadataAddress = auth.MetadataAddress;
        }

        jwt.RequireHttpsMetadata = auth.RequireHttpsMetadata;
        jwt.MapInboundClaims = false;
        jwt.TokenHandlers.Clear();
        jwt.TokenHandlers.Add(tokens);
        jwt.RefreshOnIssuerKeyNotFound = true;
        jwt.RefreshInterval = auth.KeyRefreshInterval;
        jwt.AutomaticRefreshInterval = auth.MetadataRefreshInterval;
        jwt.BackchannelTimeout = TimeSpan.FromSeconds(10);
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = string.IsNullOrWhiteSpace(auth.ValidIssuer) ? null : auth.ValidIssuer,
            ValidateAudience = true,
            ValidAudiences = auth.Audiences,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = auth.ClockSkew,
            // Asymmetric signatures only: an issuer signs with its private key; "none" and shared-secret HMAC are refused.
            ValidAlgorithms =
            [
                SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
                SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
                SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
            ],
            NameClaimType = "preferred_username",
            RoleClaimType = RoleClaim,
        };
        jwt.Events = new JwtBearerEvents
        {
            OnAuthenticationFailed = context =>
            {
                AuthorizationAnswers.RememberFailure(context.HttpContext, context.Exception);
                return Task.CompletedTask;
            },
        };
    }
}
