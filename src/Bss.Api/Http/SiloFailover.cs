using Bss.Abstractions.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Polly;
using Polly.Registry;
using Polly.Retry;

namespace Bss.Api.Http;

/// <summary><c>Bss:Failover</c>: how long a request may wait for the cluster to move on from a dead silo.</summary>
public sealed class FailoverOptions
{
    public const string Section = "Bss:Failover";

    /// <summary>
    /// From the first failure, how long retries go on. Longer than membership takes to declare a silo dead (≤ 5 s with
    /// the silo's defaults) and shorter than the request timeout (Limits:RequestTimeout, 15 s).
    /// </summary>
    public TimeSpan RetryBudget { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The first pause between attempts; it doubles (with jitter) up to one second.</summary>
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromMilliseconds(100);
}

/// <summary>
/// A grain call that failed because the silo holding the grain died (refused connection, rejected message, silo
/// declared unavailable) is run again once membership has moved on, so the client sees latency instead of a 503.
/// Only requests that are safe to repeat: reads (GET, HEAD), and creations whose Idempotency-Key has been taken on
/// (<see cref="Idempotency"/> marks them: a repeat is applied once). A PUT with a version is not repeated: had the
/// first attempt been applied before the silo died, the repeat would answer 409 stale version for a change that
/// succeeded. One endpoint filter on every API route (ApiExtensions.MapBssApi), a Polly retry inside. The first
/// attempt runs outside the pipeline (its context and three async frames per request showed up as 5 % of a silo's CPU
/// on reads by id); only a request whose first attempt met a dead silo enters it, after the first delay.
/// </summary>
public sealed partial class SiloFailover(
    ResiliencePipelineProvider<string> pipelines,
    TimeProvider time,
    IOptions<FailoverOptions> options,
    ILogger<SiloFailover> logger) : IEndpointFilter
{
    public const string Pipeline = "bss-silo-failover";
    private static readonly object RepeatableKey = new();
    private static readonly ResiliencePropertyKey<HttpContext> HttpKey = new("bss.http");
    private static readonly ResiliencePropertyKey<long> StartedKey = new("bss.started");

    public static void MarkRepeatable(HttpContext http) => http.Items[RepeatableKey] = true;

    public static IServiceCollection AddBssFailover(IServiceCollection services)
    {
        services.AddOptions<FailoverOptions>().BindConfiguration(FailoverOptions.Section)
            .Validate(o => o.RetryBudget >= TimeSpan.Zero && o.FirstDelay > TimeSpan.Zero,
                $"{FailoverOptions.Section}:RetryBudget must not be negative and :FirstDelay must be positive")
            .ValidateOnStart();
        services.AddResiliencePipeline(Pipeline, (builder, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<FailoverOptions>>().Value;
            var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
            var logger = context.ServiceProvider.GetRequiredService<ILogger<SiloFailover>>();
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.FirstDelay,
                MaxDelay = TimeSpan.FromSeconds(1),
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } exception && IsSiloFailure(exception)
                    && args.Context.Properties.TryGetValue(HttpKey, out var http) && IsRepeatable(http)
                    && args.Context.Properties.TryGetValue(StartedKey, out var started)
                    && time.GetElapsedTime(started) < options.RetryBudget),
                OnRetry = args =>
                {
                    var http = args.Context.Properties.GetValue(HttpKey, null!);
                    // The pipeline starts with the second attempt: its retries are the third attempt on.
                    LogRetry(logger, http.Request.Method, http.Request.Path, args.AttemptNumber + 3,
                        args.Outcome.Exception?.GetType().Name ?? "", args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        });
        return services;
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var invocation = context;
        var http = invocation.HttpContext;
        try
        {
            return await next(invocation);
        }
        catch (Exception exception) when (IsSiloFailure(exception) && IsRepeatable(http) && options.Value.RetryBudget > TimeSpan.Zero)
        {
            var firstDelay = options.Value.FirstDelay;
            LogRetry(logger, http.Request.Method, http.Request.Path, 2, exception.GetType().Name, firstDelay.TotalMilliseconds);
            var failedAt = time.GetTimestamp();
            await Task.Delay(firstDelay, time, http.RequestAborted);
            return await RetryAsync(invocation, next, http, failedAt);
        }
    }

    private async ValueTask<object?> RetryAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next, HttpContext http, long failedAt)
    {
        var resilience = ResilienceContextPool.Shared.Get(http.RequestAborted);
        try
        {
            resilience.Properties.Set(HttpKey, http);
            resilience.Properties.Set(StartedKey, failedAt);
            return await pipelines.GetPipeline(Pipeline).ExecuteAsync(
                static async (_, state) => await state.next(state.invocation), resilience, (next, invocation));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(resilience);
        }
    }

    /// <summary>Reads always; a write only once its Idempotency-Key is taken on, and never once the answer began.</summary>
    private static bool IsRepeatable(HttpContext http) =>
        !http.Response.HasStarted
        && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || http.Items.ContainsKey(RepeatableKey));

    /// <summary>What Orleans 10 throws when the silo on the other end of a grain call is gone or going.</summary>
    public static bool IsSiloFailure(Exception exception) => SiloFailures.IsSiloFailure(exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path}: attempt {Attempt} after {ExceptionType}, in {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, string method, string path, int attempt, string exceptionType, double delayMs);
}
