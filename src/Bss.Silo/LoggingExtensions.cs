using System.Diagnostics;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Bss.Silo;

/// <summary>
/// Console logs an on-call engineer can search: the built-in JSON formatter (chosen in appsettings.json, plain text
/// with <c>Logging__Console__FormatterName=simple</c>), each line carrying the silo's name and, inside a request, the
/// trace and span ids that its error answer's <c>traceId</c> names.
/// </summary>
public static class LoggingExtensions
{
    public static WebApplicationBuilder AddBssLogging(this WebApplicationBuilder builder)
    {
        var silo = SiloSettings.From(builder.Configuration).SiloName;
        builder.Logging.Configure(o =>
            o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);

        // The console provider is wrapped, not replaced, so every formatter and option of the built-in one still applies.
        var console = builder.Services.FirstOrDefault(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(ConsoleLoggerProvider));
        if (console is not null)
        {
            builder.Services.Remove(console);
            builder.Services.AddSingleton<ILoggerProvider>(sp =>
                new SiloScopedLoggerProvider(
                    new ConsoleLoggerProvider(sp.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>(), sp.GetServices<ConsoleFormatter>()),
                    silo));
        }

        // ASP.NET Core starts a request Activity only when something listens; without trace export, nothing might,
        // and the 500's traceId would then be a connection id no log line carries.
        if (!TelemetryExtensions.ExportsTraces(builder.Configuration))
        {
            builder.Services.AddHostedService<RequestActivityListener>();
        }

        return builder;
    }

    private sealed class RequestActivityListener : IHostedService, IDisposable
    {
        private readonly ActivityListener _listener = new()
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            // Ids only: nothing is recorded, so the cost is one Activity per request.
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
        };

        public Task StartAsync(CancellationToken cancellationToken)
        {
            ActivitySource.AddActivityListener(_listener);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>Adds a <c>{"Silo": name}</c> scope before the request's own, so every line names its silo.</summary>
    /// <remarks>The alias keeps <c>Logging:Console:LogLevel</c> rules applying to the wrapped provider.</remarks>
    [ProviderAlias("Console")]
    private sealed class SiloScopedLoggerProvider(ConsoleLoggerProvider inner, string silo) : ILoggerProvider, ISupportExternalScope
    {
        private readonly KeyValuePair<string, object?>[] _siloScope = [new("Silo", silo)];

        public ILogger CreateLogger(string categoryName) => inner.CreateLogger(categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) =>
            inner.SetScopeProvider(new SiloScopeProvider(scopeProvider, _siloScope));

        public void Dispose() => inner.Dispose();
    }

    private sealed class SiloScopeProvider(IExternalScopeProvider inner, KeyValuePair<string, object?>[] siloScope) : IExternalScopeProvider
    {
        public void ForEachScope<TState>(Action<object?, TState> callback, TState state)
        {
            callback(siloScope, state);
            inner.ForEachScope(callback, state);
        }

        public IDisposable Push(object? state) => inner.Push(state);
    }
}
