using System.Diagnostics.Metrics;
using System.Globalization;
using System.Threading.RateLimiting;
using Bss.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bss.Api.Limits;

/// <summary>
/// A concurrency limit per silo: at most <see cref="LimitsOptions.ConcurrentRequests"/> requests run, a few more
/// wait, and the rest are answered 503 at once with a jittered <c>Retry-After</c>. Runs first, before the token is
/// validated, so a flood costs the silo as little as possible; health and metrics are never shed.
/// </summary>
public sealed partial class LoadShedding : IDisposable
{
    private readonly ConcurrencyLimiter _limiter;
    private readonly LimitsOptions _options;
    private readonly LimitMetrics _metrics;
    private readonly ILogger<LoadShedding> _logger;

    public LoadShedding(IOptions<LimitsOptions> options, LimitMetrics metrics, ILogger<LoadShedding> logger)
    {
        _options = options.Value;
        _metrics = metrics;
        _logger = logger;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = _options.ConcurrentRequests,
            QueueLimit = _options.QueuedRequests,
            // New arrivals beyond the queue are refused at once (a prompt 503), rather than evicting a request that
            // has already waited.
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        if (LimitsExtensions.IsOperational(http.Request.Path))
        {
            await next(http);
            return;
        }

        using var lease = await _limiter.AcquireAsync(1, http.RequestAborted);
        if (lease.IsAcquired)
        {
            await next(http);
            return;
        }

        var retryAfter = Random.Shared.Next(_options.ShedRetryAfterMinSeconds, _options.ShedRetryAfterMaxSeconds + 1);
        _metrics.Refused("concurrency");
        LogShed(_logger, http.Request.Path, _options.ConcurrentRequests, _options.QueuedRequests);
        http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await ApiResponse.Problem(ApiProblem.Create(http, StatusCodes.Status503ServiceUnavailable, "OVERLOADED", "Overloaded",
            $"This server is at its limit of concurrent requests. Retry after {retryAfter} seconds.")).ToResult().ExecuteAsync(http);
    }

    public void Dispose() => _limiter.Dispose();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Shed {Path}: {Permits} requests running and {Queue} waiting")]
    private static partial void LogShed(ILogger logger, string path, int permits, int queue);
}

/// <summary>Requests refused by a limit, by limit (<c>concurrency</c>, <c>caller</c>, <c>timeout</c>, <c>body</c>).</summary>
public sealed class LimitMetrics
{
    /// <summary>The business meter's name (Bss.Grains' BssMetrics), which the silo already exports.</summary>
    public const string MeterName = "Bss.Orleans";

    private readonly Counter<long> _refused;

    public LimitMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _refused = meter.CreateCounter<long>("bss_http_requests_refused_total", description: "Requests refused by a limit of the silo");
    }

    public void Refused(string limit) => _refused.Add(1, new KeyValuePair<string, object?>("limit", limit));
}
