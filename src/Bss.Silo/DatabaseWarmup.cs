using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Runtime;

namespace Bss.Silo;

/// <summary><c>Bss:Startup</c>: what a silo prepares before it joins the cluster.</summary>
public sealed class StartupOptions
{
    public const string Section = "Bss:Startup";

    /// <summary>Connections opened to PostgreSQL (through PgBouncer) before joining; 0 turns the warm-up off.</summary>
    public int WarmConnections { get; set; } = 16;

    /// <summary>How long the warm-up may take; then the silo joins with what it has.</summary>
    public TimeSpan WarmTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Fills the connection pools before the silo becomes Active. From that moment other silos place new activations on
/// it and move grains to it, and every activation reads its state: with empty pools each read first opened its own
/// connection (a SCRAM login through PgBouncer), all at once, and in a rolling restart on a busy machine those opens
/// ran past their timeout, so the activations failed and the API requests waiting on them ended in 504. The pools
/// are Npgsql's per connection string, which Orleans' ADO.NET grain storage and reminders use, and the
/// <see cref="NpgsqlDataSource"/> of the list queries. A failed warm-up is logged and the silo joins anyway: the
/// readiness check reports the database.
/// </summary>
public sealed partial class DatabaseWarmup(SiloSettings settings, NpgsqlDataSource lists, IOptions<StartupOptions> options,
    TimeProvider time, ILogger<DatabaseWarmup> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>Started before <see cref="ServiceLifecycleStage.BecomeActive"/>, after the runtime and storage services.</summary>
    public const int Stage = ServiceLifecycleStage.ApplicationServices;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(DatabaseWarmup), Stage, StartAsync, _ => Task.CompletedTask);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var count = options.Value.WarmConnections;
        if (count <= 0)
        {
            return;
        }

        var started = time.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Value.WarmTimeout);
        var connections = Enumerable.Range(0, count).Select(_ => new NpgsqlConnection(settings.PostgresConnectionString))
            .Concat(Enumerable.Range(0, Math.Max(1, count / 4)).Select(_ => lists.CreateConnection()))
            .ToList();
        try
        {
            await Task.WhenAll(connections.Select(c => OpenAsync(c, deadline.Token)));
            LogWarmed(logger, connections.Count, time.GetElapsedTime(started).TotalSeconds);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested
                                  && e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            LogNotWarmed(logger, time.GetElapsedTime(started).TotalSeconds, e.Message);
        }
        finally
        {
            // Closing a pooled connection keeps it open, idle in its pool.
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static async Task OpenAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select 1", connection);
        await command.ExecuteScalarAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database pools warmed: {Connections} connections open in {Seconds:0.0} s, joining the cluster")]
    private static partial void LogWarmed(ILogger logger, int connections, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database pools not warmed after {Seconds:0.0} s ({Reason}); joining the cluster anyway")]
    private static partial void LogNotWarmed(ILogger logger, double seconds, string reason);
}
