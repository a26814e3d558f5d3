using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Bss.Api.Http;
using Bss.Api.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bss.Api.Limits;

/// <summary>
/// What keeps a silo serving under overload and hostile input: a concurrency limit that sheds (503), a rate limit
/// per caller (429), a timeout per route family (504), a body size limit (413), and screened input (array counts,
/// text PostgreSQL can store). All from <see cref="LimitsOptions"/>.
/// </summary>
public static class LimitsExtensions
{
    /// <summary>The request timeout policy of billing runs, cycles and previews.</summary>
    public const string BillingTimeout = "bss:billing";

    public static IServiceCollection AddBssLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LimitsOptions>().Bind(configuration.GetSection(LimitsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LimitMetrics>();
        services.AddSingleton<LoadShedding>();

        services.AddOptions<KestrelServerOptions>().Configure<IOptions<LimitsOptions>>((kestrel, limits) =>
            kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBodyBytes);

        services.AddSingleton<RequestScreening>();

        services.AddRequestTimeouts();
        services.AddOptions<RequestTimeoutOptions>().Configure<IOptions<LimitsOptions>, LimitMetrics>((timeouts, limits, metrics) =>
        {
            timeouts.DefaultPolicy = TimeoutPolicy(limits.Value.RequestTimeout, metrics);
            timeouts.AddPolicy(BillingTimeout, TimeoutPolicy(limits.Value.BillingRequestTimeout, metrics));
        });

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<LimitsOptions>, LimitMetrics>((rate, limits, metrics) =>
        {
            var options = limits.Value;
            rate.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            rate.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                IsOperational(http.Request.Path)
                    ? RateLimitPartition.GetNoLimiter("")
                    : RateLimitPartition.GetTokenBucketLimiter(CallerKey(http), _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = options.BurstPerCaller,
                        TokensPerPeriod = options.PermitsPerSecondPerCaller,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    }));
            rate.OnRejected = async (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
                    : 1;
                metrics.Refused("caller");
                var http = context.HttpContext;
                http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await ApiResponse.Problem(ApiProblem.Create(http, StatusCodes.Status429TooManyRequests, "RATE_LIMITED", "Too many requests",
                    $"This caller has sent more than {options.PermitsPerSecondPerCaller} requests per second. Retry after {retryAfter} seconds."))
                    .ToResult().ExecuteAsync(http);
            };
        });
        return services;
    }

    /// <summary>First in the pipeline: shed what the silo cannot serve before any work is spent on it.</summary>
    public static WebApplication UseBssLoadShedding(this WebApplication app)
    {
        var shedding = app.Services.GetRequiredService<LoadShedding>();
        app.Use((http, next) => shedding.InvokeAsync(http, next));
        app.Use(RefuseDeclaredOversizedBody);
        return app;
    }

    /// <summary>
    /// After authentication (the caller is known): the rate limit per caller, the request timeouts, and the screening
    /// of what the request brings (body size, storable text, array counts).
    /// </summary>
    public static WebApplication UseBssRateLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseRequestTimeouts();
        app.Use(CancelledAsCancelled);
        var screening = app.Services.GetRequiredService<RequestScreening>();
        app.Use((http, next) => screening.InvokeAsync(http, next));
        return app;
    }

    /// <summary>
    /// A call cancelled by the request's token (its timeout, or a client that left) may fail with its library's own
    /// error: Npgsql wraps the cancellation of a connection attempt in an NpgsqlException, which would read as a
    /// database outage (503). Surfaced as the cancellation it is, the timeout answers 504 (an aborted client, nothing).
    /// </summary>
    private static async Task CancelledAsCancelled(HttpContext http, RequestDelegate next)
    {
        try
        {
            await next(http);
        }
        catch (Exception e) when (e is not OperationCanceledException && http.RequestAborted.IsCancellationRequested)
        {
            throw new OperationCanceledException("The request was cancelled.", e, http.RequestAborted);
        }
    }

    /// <summary>Health and metrics answer the balancers and the scraper even while the API sheds load.</summary>
    internal static bool IsOperational(PathString path) => path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics");

    /// <summary>The token's subject when signed in, else the client address (one partition per address).</summary>
    private static string CallerKey(HttpContext http) =>
        http.User.Subject() is { Length: > 0 } subject
            ? "sub:" + subject
            : "ip:" + (http.Connection.RemoteIpAddress ?? IPAddress.None);

    /// <summary>
    /// A body whose declared length is over the route's limit is refused with 413 before a byte of it is read; a
    /// chunked body is cut when it passes the limit (see <see cref="RequestScreening"/>).
    /// </summary>
    private static Task RefuseDeclaredOversizedBody(HttpContext http, RequestDelegate next)
    {
        var limit = http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        if (http.Request.ContentLength is { } length && limit is { } max && length > max)
        {
            http.RequestServices.GetRequiredService<LimitMetrics>().Refused("body");
            // The body is not read: the connection cannot be reused for another request.
            http.Response.Headers.Connection = "close";
            return ApiResponse.Problem(TooLarge(http, max)).ToResult().ExecuteAsync(http);
        }

        return next(http);
    }

    internal static ApiProblem TooLarge(HttpContext http, long max) =>
        ApiProblem.Create(http, StatusCodes.Status413PayloadTooLarge, "PAYLOAD_TOO_LARGE", "Payload too large",
            $"The request body is larger than this route accepts ({max} bytes).");

    private static RequestTimeoutPolicy TimeoutPolicy(TimeSpan timeout, LimitMetrics metrics) => new()
    {
        Timeout = timeout,
        TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
        WriteTimeoutResponse = http =>
        {
            metrics.Refused("timeout");
            return ApiResponse.Problem(ApiProblem.Create(http, StatusCodes.Status504GatewayTimeout, "REQUEST_TIMEOUT", "Request timeout",
                $"The request took longer than {timeout.TotalSeconds:0} seconds and was abandoned; a change it made may or may not have " +
                "been applied. Read the resource, or retry with the same Idempotency-Key.")).ToResult().ExecuteAsync(http);
        },
    };
}
