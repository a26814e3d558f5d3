using Bss.Grains.Common;
using Bss.ReadSide;
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

        // Grain state is plain JSON, stored as jsonb: its typed columns (the read model) are generated from it.
        builder.Services.Configure<SystemTextJsonGrainStorageSerializerOptions>(o => StateJson.Configure(o.JsonSerializerOptions));
        builder.Services.AddSingleton<Bss.ReadSide.Lists.ListService>(); // every list of the API, answered in this process
        builder.Services.Configure<Bss.Grains.Orders.OrderCompletionOptions>(
            builder.Configuration.GetSection(Bss.Grains.Orders.OrderCompletionOptions.Section));
        builder.Services.AddOptions<Bss.Grains.Billing.BillingOptions>().Bind(builder.Configuration.GetSection(Bss.Grains.Billing.BillingOptions.Section))
            .Validate(o => o.AccountTimeout > TimeSpan.Zero && o.ProgressWait > TimeSpan.Zero,
                $"{Bss.Grains.Billing.BillingOptions.Section}:AccountTimeout and :ProgressWait must be positive")
            .ValidateOnStart();
        builder.Services.AddSingleton<Bss.Grains.Billing.IBillingDirectory, Bss.Grains.Billing.DocumentBillingDirectory>();
        builder.Services.AddOptions<IdempotencyOptions>().Bind(builder.Configuration.GetSection(IdempotencyOptions.Section))
            .Validate(o => o.Retention > TimeSpan.Zero && o.SweepInterval > TimeSpan.Zero,
                $"{IdempotencyOptions.Section}:Retention and :SweepInterval must be positive")
            .ValidateOnStart();
        builder.Services.AddHostedService<IdempotencySweeper>();
        builder.Services.AddOptions<ShutdownOptions>().Bind(builder.Configuration.GetSection(ShutdownOptions.Section))
            .Validate(o => o.DrainDelay >= TimeSpan.Zero && o.StopTimeout > TimeSpan.Zero
                    && o.HandoverGrace >= TimeSpan.Zero && o.HandoverGrace < o.StopTimeout && o.HandoverQuiet > TimeSpan.Zero,
                $"{ShutdownOptions.Section}:DrainDelay must not be negative, :StopTimeout must be positive, " +
                ":HandoverGrace between zero and the stop timeout and :HandoverQuiet positive")
            .ValidateOnStart();
        builder.Services.AddSingleton<DrainState>();
        builder.Services.AddHostedService<ShutdownDrain>();
        var shutdown = builder.Configuration.GetSection(ShutdownOptions.Section).Get<ShutdownOptions>() ?? new ShutdownOptions();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdown.DrainDelay + shutdown.StopTimeout);
        builder.Services.AddOpenApi(o =>
        {
            o.ShouldInclude = endpoint => endpoint.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Bss.Orleans REST API";
                document.Info.Description = "The BSS resources the operator's frontend calls. Errors are application/problem+json. " +
                    "Every route needs an OpenID Connect access token (Authorization: Bearer); each operation names the lowest " +
                    "realm role it needs in x-required-role. PESEL, NIP, phone and e-mail are masked below OPERATOR.";
                document.Components ??= new Microsoft.OpenApi.OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, Microsoft.OpenApi.IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["bearer"] = new Microsoft.OpenApi.OpenApiSecurityScheme
                {
                    Type = Microsoft.OpenApi.SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "An access token of the operator's identity provider (Keycloak realm bss).",
                };
                return Task.CompletedTask;
            });
            o.AddDocumentTransformer(DescribeAbsentAsOptional);
            o.AddOperationTransformer((operation, context, _) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<Bss.Api.Security.RequiredAccess>().LastOrDefault() is { } required)
                {
                    var role = Bss.Api.Security.Roles.Lowest(required.Access);
                    operation.Extensions ??= new Dictionary<string, Microsoft.OpenApi.IOpenApiExtension>();
                    operation.Extensions["x-required-role"] = new Microsoft.OpenApi.JsonNodeExtension(
                        System.Text.Json.Nodes.JsonValue.Create(Bss.Api.Security.Roles.Granting(required.Access)[0]));
                    operation.Description = (operation.Description is { Length: > 0 } d ? d + "\n\n" : "") + $"Needs the role {role} or above.";
                    operation.Security ??= [];
                    operation.Security.Add(new Microsoft.OpenApi.OpenApiSecurityRequirement
                    {
                        [new Microsoft.OpenApi.OpenApiSecuritySchemeReference("bearer", context.Document)] = [],
                    });
                }

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
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, GrainHandoverGrace>();
            silo.Services.AddOptions<StartupOptions>().Bind(builder.Configuration.GetSection(StartupOptions.Section))
                .Validate(o => o.WarmConnections >= 0 && o.WarmTimeout > TimeSpan.Zero,
                    $"{StartupOptions.Section}:WarmConnections must not be negative and :WarmTimeout must be positive")
                .ValidateOnStart();
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, DatabaseWarmup>();
            // A dead silo is declared dead in about 4 s (two missed probes, 2 s apart; a refused connection misses at
            // once) instead of Orleans' ~15 s: until then calls to its grains fail and the API retries them. A probe
            // answered late under full CPU is not a miss, and a silo that sees its own health degrade extends its
            // timeouts (ExtendProbeTimeoutDuringDegradation, on by default). Orleans:Membership:* overrides these.
            // A dead silo's row stays in the Redis table a day (Orleans' default: a week), long enough to tell what
            // happened overnight; it is removed on the next membership change after that (checked at most every
            // DefunctSiloCleanupPeriod, 1 h), and Orleans keeps at most MaxDefunctSiloEntries (25) dead rows anyway, so
            // a day of rolling deploys and crashes does not make every silo read an ever longer table.
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(2);
                o.NumMissedProbesLimit = 2;
                o.DefunctSiloExpiration = TimeSpan.FromDays(1);
            });
            silo.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection("Orleans:Membership"));
            // How long an idle grain stays in memory (Orleans' default: 15 minutes). It is the knob between memory and
            // database reads: each active customer grain holds its state once, and a silo's resident memory grows with the
            // grains used within this window; a grain collected earlier costs one state read when it is next called.
            silo.Configure<GrainCollectionOptions>(builder.Configuration.GetSection("Orleans:GrainCollection"));
            if (KubernetesHosting.IsEnabled(builder.Configuration))
            {
                // Ports from settings; the pod's IP (POD_IP) and name (POD_NAME) become the advertised address and the
                // silo name, and ORLEANS_CLUSTER_ID / ORLEANS_SERVICE_ID the cluster's ids (deploy/kubernetes sets all).
                silo.Configure<EndpointOptions>(o =>
                {
                    o.SiloPort = settings.SiloPort;
                    o.GatewayPort = settings.GatewayPort;
                });
                silo.UseKubernetesHosting();
            }
            else
            {
                silo.ConfigureEndpoints(settings.AdvertisedAddress, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: true);
            }

            silo.UseRedisClustering(o => o.ConfigurationOptions = RedisOptions(settings.RedisConfiguration));
            silo.UseSystemTextJsonGrainStorageSerializer();
            // Each state write carries who made it, for the audit trigger; reminders name their system process.
            silo.Services.AddSingleton<Orleans.Storage.SystemTextJsonGrainStorageSerializer>();
            silo.Services.AddSingleton<Orleans.Storage.IGrainStorageSerializer>(sp =>
                new Bss.Grains.Audit.ActorStampingStorageSerializer(sp.GetRequiredService<Orleans.Storage.SystemTextJsonGrainStorageSerializer>()));
            silo.AddIncomingGrainCallFilter<Bss.Grains.Audit.ReminderActorFilter>();
            silo.AddIncomingGrainCallFilter<DependencyFailureFilter>();
            // A grain whose state cannot be read fails to activate before any filter runs, and the caller on another
            // silo gets the exception as Orleans serializes it: without Npgsql among the supported namespaces the
            // NpgsqlException has no codec at all, and the answer was a 500 (CodecNotFoundException) instead of a 503.
            silo.Services.Configure<Orleans.Serialization.ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));
            silo.AddAdoNetGrainStorage(GrainStorage.Name, o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = settings.PostgresConnectionString;
                // ClearStateAsync deletes the row (DeleteStorageKey): an expired Idempotency-Key leaves nothing behind.
                o.DeleteStateOnClear = true;
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
            // The log stream (/dashboard/Trace) sends every silo log line, personal data and tokens' users included, to
            // whoever holds the page open, outside the log pipeline's retention and masking: off unless configured.
            silo.Services.Configure<DashboardOptions>(o =>
            {
                o.CounterUpdateIntervalMs = 10_000;
                o.HideTrace = true;
            });
            silo.Services.Configure<DashboardOptions>(builder.Configuration.GetSection("Orleans:Dashboard"));
        });
        // Registered after Orleans' own, so it is the IGrainFactory the API is given (see ResolvedGrainFactory).
        builder.Services.AddSingleton<IGrainFactory>(sp => new ResolvedGrainFactory(sp.GetRequiredService<IClusterClient>(),
            sp.GetRequiredService<Orleans.Metadata.GrainInterfaceTypeResolver>(), sp.GetRequiredService<GrainInterfaceTypeToGrainTypeResolver>()));
        return builder;
    }

    internal static ConfigurationOptions RedisOptions(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        return options;
    }

    /// <summary>
    /// Health (anonymous, for balancers), metrics (the scraper's token), the dashboard (ADMIN), and — where
    /// <c>Api:PublishDocs</c> is on (default: Development only) — the OpenAPI document (/openapi/v1.json) and its
    /// reference page (/docs).
    /// </summary>
    public static WebApplication MapBssOperations(this WebApplication app)
    {
        app.MapBssHealthChecks();
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(Bss.Api.Security.SecurityExtensions.MetricsPolicy);
        // The dashboard shows grain state (and silo logs, where Orleans:Dashboard:HideTrace is false): administrators only.
        // Its pages poll and stream for as long as they are open: no request timeout (Limits) applies.
        app.MapOrleansDashboard(routePrefix: "/dashboard")
            .RequireAuthorization(Bss.Api.Security.RoleMatrix.Policy(Bss.Api.Security.Access.Administer))
            .DisableRequestTimeout();
        if (!app.Configuration.GetValue("Api:PublishDocs", app.Environment.IsDevelopment()))
        {
            return app;
        }

        // The API's description holds no data (the frontend's code shows the same routes), and a browser opening
        // /docs sends no token; a deployment that wants it private leaves Api:PublishDocs off.
        app.MapOpenApi().AllowAnonymous();
        // Scalar serves its own scalar.js from the package; nothing may come from a CDN (the machines have no
        // internet), so the CDN fonts, telemetry and the AI agent are off.
        app.MapScalarApiReference("/docs", o =>
        {
            o.Title = "Bss.Orleans REST API";
            o.OpenApiRoutePattern = "/openapi/{documentName}.json";
            o.DefaultFonts = false;
            o.Telemetry = false;
            o.DisableAgent();
        }).AllowAnonymous();
        return app;
    }

    /// <summary>
    /// Responses leave a field without a value out (Bss.Api.Http.ApiJson), so in every schema a response uses, a
    /// nullable property is described as optional and not nullable, except the fields the contract declares nullable.
    /// A document transformer, because the generator wraps nullable references in a oneOf after schema transformers ran.
    /// </summary>
    private static Task DescribeAbsentAsOptional(Microsoft.OpenApi.OpenApiDocument document,
        Microsoft.AspNetCore.OpenApi.OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        if (document.Components?.Schemas is not { } components)
        {
            return Task.CompletedTask;
        }

        var used = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Microsoft.OpenApi.IOpenApiSchema>((document.Paths?.Values.AsEnumerable() ?? [])
            .SelectMany(path => path.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(operation => operation.Responses?.Values.AsEnumerable() ?? [])
            .SelectMany(response => response.Content?.Values.AsEnumerable() ?? [])
            .Select(media => media.Schema)
            .OfType<Microsoft.OpenApi.IOpenApiSchema>());
        while (pending.TryPop(out var schema))
        {
            if (schema is Microsoft.OpenApi.OpenApiSchemaReference reference)
            {
                if (reference.Reference.Id is { } id && used.Add(id) && components.TryGetValue(id, out var target))
                {
                    pending.Push(target);
                }

                continue;
            }

            foreach (var inner in (schema.Properties?.Values ?? []).Concat(schema.OneOf ?? []).Concat(schema.AnyOf ?? [])
                         .Concat(schema.AllOf ?? []).Append(schema.Items).Append(schema.AdditionalProperties)
                         .OfType<Microsoft.OpenApi.IOpenApiSchema>())
            {
                pending.Push(inner);
            }
        }

        foreach (var id in used)
        {
            if (components[id] is not Microsoft.OpenApi.OpenApiSchema { Properties: { } properties } schema)
            {
                continue;
            }

            foreach (var (name, property) in properties.ToList())
            {
                if (!Bss.Api.Http.ApiJson.NullableFields.Contains($"{id}.{name}") && WithoutNull(property) is { } optional)
                {
                    properties[name] = optional;
                    schema.Required?.Remove(name);
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The schema without null among its values (a copy: the generator shares schema objects), or null when it has none.</summary>
    private static Microsoft.OpenApi.IOpenApiSchema? WithoutNull(Microsoft.OpenApi.IOpenApiSchema schema)
    {
        const Microsoft.OpenApi.JsonSchemaType Null = Microsoft.OpenApi.JsonSchemaType.Null;
        if (schema.OneOf is { Count: 2 } oneOf && oneOf.Count(s => s.Type == Null) == 1)
        {
            return oneOf.Single(s => s.Type != Null);
        }

        if (schema is not Microsoft.OpenApi.OpenApiSchema { Type: { } type } plain || !type.HasFlag(Null) || type == Null)
        {
            return null;
        }

        var copy = (Microsoft.OpenApi.OpenApiSchema)plain.CreateShallowCopy();
        copy.Type = type & ~Null;
        return copy;
    }
}
