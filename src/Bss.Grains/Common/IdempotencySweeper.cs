using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace Bss.Grains.Common;

/// <summary>
/// Deletes the stored Idempotency-Key records past their retention that nobody used again (a key that is used again
/// deletes its own, <see cref="IdempotencyGrain"/>): the records hold whole responses, personal data included, and
/// would otherwise be kept forever. Every silo sweeps; a row deleted by another silo is simply not there. Only the
/// key's completion writes its row, so the row's modification time is its completion time.
/// </summary>
public sealed partial class IdempotencySweeper(
    NpgsqlDataSource database,
    IOptions<ClusterOptions> cluster,
    IOptions<IdempotencyOptions> options,
    TimeProvider time,
    ILogger<IdempotencySweeper> logger) : BackgroundService
{
    /// <summary>Rows per statement: short transactions that never hold many locks at once.</summary>
    private const int Batch = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var deleted = await SweepAsync(stoppingToken);
                if (deleted > 0)
                {
                    LogSwept(logger, deleted);
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                // The next tick tries again; nothing is lost by sweeping late.
                LogSweepFailed(logger, e);
            }
        }
    }

    /// <summary>Deletes every expired record, a batch at a time; answers how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.Retention;
        var total = 0;
        while (true)
        {
            await using var command = database.CreateCommand("""
                DELETE FROM orleansstorage
                WHERE ctid IN (SELECT ctid FROM orleansstorage
                               WHERE serviceid = $1 AND graintypestring = 'idempotency' AND modifiedon < $2
                               LIMIT $3)
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = cluster.Value.ServiceId });
            command.Parameters.Add(new NpgsqlParameter { Value = cutoff.UtcDateTime });
            command.Parameters.Add(new NpgsqlParameter { Value = Batch });
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
            if (deleted < Batch)
            {
                return total;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} expired Idempotency-Key records")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping expired Idempotency-Key records failed; the next interval retries")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
