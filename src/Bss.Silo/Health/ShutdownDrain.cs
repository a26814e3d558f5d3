using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using System.Diagnostics.Metrics;
using Orleans.Runtime;

namespace Bss.Silo.Health;

/// <summary><c>Bss:Shutdown</c>: the stages of a graceful stop (SIGTERM, Ctrl-C, dev/run stop).</summary>
public sealed class ShutdownOptions
{
    public const string Section = "Bss:Shutdown";

    /// <summary>Not-ready but still serving, so balancers probing /health/ready stop sending before the port closes.</summary>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>After the drain delay: in-flight HTTP requests finish, then Orleans deactivates grains and leaves.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Part of the stop timeout: once its grains are deactivated, at most how long the silo keeps forwarding the grain
    /// calls other silos still send it before it blocks them and leaves membership (<see cref="GrainHandoverGrace"/>).
    /// </summary>
    public TimeSpan HandoverGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The handover ends earlier once no late grain call has arrived for this long.</summary>
    public TimeSpan HandoverQuiet { get; set; } = TimeSpan.FromSeconds(1);
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
/// deactivate (state written), calls still arriving are forwarded for the handover grace, the silo leaves membership.
/// HostOptions.ShutdownTimeout (DrainDelay + StopTimeout) bounds it all.
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

/// <summary>
/// A pause in Orleans' own stop, between the deactivation of this silo's grains (<see cref="ServiceLifecycleStage.BecomeActive"/>)
/// and the moment it rejects every application message (<see cref="ServiceLifecycleStage.RuntimeServices"/>) and then
/// declares itself dead (just above <see cref="ServiceLifecycleStage.RuntimeInitialize"/>). Without it the two follow within
/// milliseconds, and under load other silos, whose directory caches still point here, have calls on the way: rejected
/// ("Silo stopping"), they reach the API as failures; forwarded to the grain's new activation and still running there,
/// they are failed anyway when this silo is declared dead, since their callers wait on this silo's address. Neither is
/// safe to repeat for a versioned PUT, so each was a client-visible 503 in a rolling restart. During the pause this
/// silo, no longer Active, activates nothing and forwards each late call with a cache invalidation for its sender, so
/// the late calls die down; the pause ends once none has come for <see cref="ShutdownOptions.HandoverQuiet"/>, or after
/// <see cref="ShutdownOptions.HandoverGrace"/>. Late calls are counted by Orleans' own meter of calls to activations
/// that do not exist here (orleans-catalog-activation-non-existent).
/// </summary>
public sealed partial class GrainHandoverGrace(IOptions<ShutdownOptions> options, TimeProvider time, ILogger<GrainHandoverGrace> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>Stopped after every stage above it (grain deactivation, directory handover) and before the runtime services.</summary>
    public const int Stage = ServiceLifecycleStage.ApplicationServices;

    /// <summary>Orleans' counter of messages for grains that have no activation on this silo.</summary>
    public const string LateCallInstrument = "orleans-catalog-activation-non-existent";

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(GrainHandoverGrace), Stage, _ => Task.CompletedTask, StopAsync);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.HandoverGrace <= TimeSpan.Zero || cancellationToken.IsCancellationRequested)
        {
            return; // an ungraceful stop (its token already cancelled) leaves at once
        }

        var watch = new HandoverWatch(time.GetUtcNow());
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, meters) =>
        {
            if (instrument.Name == LateCallInstrument)
            {
                meters.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, count, _, _) => watch.LateCalls(count, time.GetUtcNow()));
        listener.SetMeasurementEventCallback<long>((_, count, _, _) => watch.LateCalls((int)count, time.GetUtcNow()));
        listener.Start();
        try
        {
            while (!watch.IsOver(time.GetUtcNow(), settings.HandoverQuiet, settings.HandoverGrace))
            {
                await Task.Delay(Poll, time, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The stop timeout ran out: go on stopping.
        }

        LogHandover(logger, (time.GetUtcNow() - watch.Started).TotalSeconds, watch.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Grains handed over: {Seconds:0.0} s after deactivation, {LateCalls} late grain call(s) forwarded; leaving the cluster")]
    private static partial void LogHandover(ILogger logger, double seconds, long lateCalls);
}

/// <summary>When the handover of <see cref="GrainHandoverGrace"/> may end: quiet for a while, or out of time.</summary>
public sealed class HandoverWatch(DateTimeOffset started)
{
    private long _lastTicks = started.UtcTicks;
    private long _count;

    public DateTimeOffset Started { get; } = started;

    public long Count => Interlocked.Read(ref _count);

    public void LateCalls(int count, DateTimeOffset at)
    {
        Interlocked.Add(ref _count, count);
        long last;
        do
        {
            last = Interlocked.Read(ref _lastTicks);
        }
        while (at.UtcTicks > last && Interlocked.CompareExchange(ref _lastTicks, at.UtcTicks, last) != last);
    }

    /// <summary>Over once no late call came for <paramref name="quiet"/> (counted from the start too), or at <paramref name="grace"/>.</summary>
    public bool IsOver(DateTimeOffset now, TimeSpan quiet, TimeSpan grace) =>
        now - Started >= grace || now - new DateTimeOffset(Interlocked.Read(ref _lastTicks), TimeSpan.Zero) >= quiet;
}
