using Bss.Grains.Common;
using Microsoft.AspNetCore.Http.Features;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Bss.Silo;

public static class TelemetryExtensions
{
    /// <summary>The share of requests traced when OTEL_TRACES_SAMPLER is not set.</summary>
    public const double DefaultTraceRatio = 0.1;

    private static readonly string[] OrleansActivitySources =
        ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", "Microsoft.Orleans.Storage", "Microsoft.Orleans.Lifecycle"];

    /// <summary>
    /// Metrics for Prometheus on /metrics (Orleans, ASP.NET Core, runtime, Npgsql, business counters) and traces
    /// exported by OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (compose: the collector, http://otel-collector:4317).
    /// </summary>
    public static WebApplicationBuilder AddBssTelemetry(this WebApplicationBuilder builder)
    {
        var settings = SiloSettings.From(builder.Configuration);

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(
                serviceName: builder.Configuration["OTEL_SERVICE_NAME"] ?? "bss-silo",
                serviceInstanceId: settings.SiloName))
            .WithMetrics(metrics => metrics
                .AddMeter("Microsoft.Orleans", "Npgsql", BssMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                // A latency measurement taken inside a sampled trace keeps its trace id (an exemplar, sent on an
                // OpenMetrics scrape): the dashboards' latency panels link to the trace.
                .SetExemplarFilter(ExemplarFilterType.TraceBased)
                .AddPrometheusExporter());
        builder.Services.AddHostedService<ClusterMetrics>();

        // Spans cost an allocation and a listener call per request, grain call and SQL command: they are recorded
        // only when there is somewhere to send them.
        if (ExportsTraces(builder.Configuration))
        {
            builder.Services.AddOpenTelemetry().WithTracing(tracing =>
            {
                tracing
                    .AddSource(OrleansActivitySources)
                    .AddSource("Npgsql")
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsOperational(http.Request.Path))
                    .AddOtlpExporter();
                // OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG, when set, choose the sampler (the SDK reads them).
                // Otherwise a tenth of the requests starts a trace, and every span follows its parent's decision, so a
                // trace is whole across silos or absent (README, Telemetry, says why a tenth).
                if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_TRACES_SAMPLER"]))
                {
                    tracing.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(DefaultTraceRatio)));
                }
            });
        }

        return builder;
    }

    /// <summary>
    /// Keeps scrapes, health probes and the dashboard's polling out of <c>http.server.request.duration</c>: they
    /// would dominate the request rate and hide the API's latency in the RED series. Must run before anything that
    /// answers those paths.
    /// </summary>
    public static WebApplication UseBssOperationalPathsOutOfHttpMetrics(this WebApplication app)
    {
        app.Use((http, next) =>
        {
            if (IsOperational(http.Request.Path) && http.Features.Get<IHttpMetricsTagsFeature>() is { } metrics)
            {
                metrics.MetricsDisabled = true;
            }

            return next(http);
        });
        return app;
    }

    /// <summary>Traces are recorded when there is an OTLP endpoint to send them to (OTEL_EXPORTER_OTLP_ENDPOINT).</summary>
    public static bool ExportsTraces(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    private static bool IsOperational(PathString path) =>
        path.StartsWithSegments("/metrics") || path.StartsWithSegments("/health") || path.StartsWithSegments("/dashboard");
}
