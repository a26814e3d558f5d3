using Bss.Grains.Common;
using Bss.Silo.Health;
using Npgsql;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Serialization;
using Scalar.AspNetCore;
using StackExchange.Redis;

namespace Bss.Silo;

public static class SiloExtensions
{
    /// <summary>Orleans: Redis membership, grain state and reminders in PostgreSQL through PgBouncer, the dashboard.</summary>
    public static WebApplicationBuilder AddBssSilo(this WebApplicationBuilder builder)
    {
        var settings = SiloSettings.From(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<BssMetrics>();
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(settings.PostgresConnectionString));
        builder.Services.AddSingleton<IRedisHealthProbe, RedisHealthProbe>();
        builder.Services.AddSingleton<Bss.Api.Http.ITransientFailureDetector, TransientFailures>();

        // Grain state is plain JSON so SQL can read it and the documents read table is projected from it.
        builder.Services.Configure<SystemTextJsonGrainStorageSerializerOptions>(o => StateJson.Configure(o.JsonSerializerOptions));
        builder.Services.AddSingleton<DocumentStore>();
        builder.Services.Configure<Bss.Grains.Orders.OrderCompletionOptions>(
            builder.Configuration.GetSection(Bss.Grains.Orders.OrderCompletionOptions.Section));
        builder.Services.Configure<Bss.Grains.Billing.BillingOptions>(builder.Configuration.GetSection(Bss.Grains.Billing.BillingOptions.Section));
        builder.Services.AddSingleton<Bss.Grains.Billing.IBillingDirectory, Bss.Grains.Billing.DocumentBillingDirectory>();
        builder.Services.AddOpenApi(o =>
        {
            o.ShouldInclude = endpoint => endpoint.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Bss.Orleans REST API";
                document.Info.Description = "The BSS resources the operator's frontend calls. Errors are application/problem+json.";
                return Task.CompletedTask;
            });
        });

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId;
                o.ServiceId = settings.ServiceId;
            });
            silo.Configure<SiloOptions>(o => o.SiloName = settings.SiloName);
            silo.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection("Orleans:Membership"));
            silo.ConfigureEndpoints(settings.AdvertisedAddress, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: true);
            silo.UseRedisClustering(o => o.ConfigurationOptions = RedisOptions(settings.RedisConfiguration));
            silo.UseSystemTextJsonGrainStorageSerializer();
            // Each state write carries who made it, for the audit trigger; reminders name their system process.
            silo.Services.AddSingleton<Orleans.Storage.SystemTextJsonGrainStorageSerializer>();
            silo.Services.AddSingleton<Orleans.Storage.IGrainStorageSerializer>(sp =>
                new Bss.Grains.Audit.ActorStampingStorageSerializer(sp.GetRequiredService<Orleans.Storage.SystemTextJsonGrainStorageSerializer>()));
            silo.AddIncomingGrainCallFilter<Bss.Grains.Audit.ReminderActorFilter>();
            silo.AddAdoNetGrainStorage(GrainStorage.Name, o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = settings.PostgresConnectionString;
            });
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = settings.PostgresConnectionString;
            });
            if (TelemetryExtensions.ExportsTraces(builder.Configuration))
            {
                // Carries the trace across grain calls; without an exporter it would only add two filters to every call.
                silo.AddActivityPropagation();
            }

            silo.AddDashboard();
            // The dashboard samples every counter on this interval, and the activation gauges walk the whole catalog:
            // once a second cost a silo with 50,000 activations about 15 % of its CPU. Orleans:Dashboard:* overrides it.
            silo.Services.Configure<DashboardOptions>(o => o.CounterUpdateIntervalMs = 10_000);
            silo.Services.Configure<DashboardOptions>(builder.Configuration.GetSection("Orleans:Dashboard"));
        });
        return builder;
    }

    internal static ConfigurationOptions RedisOptions(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        return options;
    }

    /// <summary>Health, metrics, the dashboard, the OpenAPI document (/openapi/v1.json) and its reference page (/docs).</summary>
    public static WebApplication MapBssOperations(this WebApplication app)
    {
        app.MapBssHealthChecks();
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOrleansDashboard(routePrefix: "/dashboard");
        app.MapOpenApi();
        // Scalar serves its own scalar.js from the package; nothing may come from a CDN (the machines have no
        // internet), so the CDN fonts, telemetry and the AI agent are off.
        app.MapScalarApiReference("/docs", o =>
        {
            o.Title = "Bss.Orleans REST API";
            o.OpenApiRoutePattern = "/openapi/{documentName}.json";
            o.DefaultFonts = false;
            o.Telemetry = false;
            o.DisableAgent();
        });
        return app;
    }
}
