using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Bss.Silo.Health;

/// <summary><c>Bss:Shutdown</c>: the stages of a graceful stop (SIGTERM, Ctrl-C, dev/run stop).</summary>
public sealed class ShutdownOptions
{
    public const string Section = "Bss:Shutdown";

    /// <summary>Not-ready but still serving, so balancers probing /health/ready stop sending before the port closes.</summary>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>After the drain delay: in-flight HTTP requests finish, then Orleans deactivates grains and leaves.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Set once the host begins to stop; /health/ready answers 503 from then on.</summary>
public sealed class DrainState
{
    private volatile bool _draining;

    public bool Draining => _draining;

    public void Begin() => _draining = true;
}

/// <summary>
/// A graceful stop in order: (1) every hosted service's StoppingAsync runs before any StopAsync, so this one turns
/// the silo not-ready and waits the drain delay while HTTP is still served; (2) the web server, registered after
/// Orleans and so stopped before it, stops accepting and lets in-flight requests finish; (3) Orleans stops: grains
/// deactivate (state written), the silo leaves membership. HostOptions.ShutdownTimeout (DrainDelay + StopTimeout)
/// bounds it all.
/// </summary>
public sealed partial class ShutdownDrain(DrainState state, IOptions<ShutdownOptions> options, TimeProvider time, ILogger<ShutdownDrain> logger)
    : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        state.Begin();
        LogDraining(logger, options.Value.DrainDelay.TotalSeconds);
        try
        {
            await Task.Delay(options.Value.DrainDelay, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The shutdown timeout ran out: stop now rather than not at all.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping: not ready from now, serving {DrainSeconds} s more before closing the HTTP port")]
    private static partial void LogDraining(ILogger logger, double drainSeconds);
}

public sealed class DrainingHealthCheck(DrainState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.Draining
            ? HealthCheckResult.Unhealthy("The silo is stopping: in-flight requests finish, new ones go elsewhere")
            : HealthCheckResult.Healthy("Not stopping"));
}
