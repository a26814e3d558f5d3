using Bss.Api.Http;
using Npgsql;
using StackExchange.Redis;

namespace Bss.Silo;

/// <summary>
/// PostgreSQL or PgBouncer unreachable (connection refused or broken, server shutting down, too many connections)
/// and Redis unreachable are transient. A PostgreSQL error about the SQL itself is a bug and stays a 500.
/// </summary>
public sealed class TransientFailures : ITransientFailureDetector
{
    public bool IsTransient(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.IsTransient,
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is System.Net.Sockets.SocketException or IOException or TimeoutException,
        RedisConnectionException or RedisTimeoutException => true,
        // An NpgsqlException from another silo whose type the receiving side would not rebuild keeps its inner exception.
        Orleans.Serialization.UnavailableExceptionFallbackException { ExceptionType: { } type } fallback
            when type.StartsWith("Npgsql.NpgsqlException", StringComparison.Ordinal) =>
            fallback.InnerException is System.Net.Sockets.SocketException or IOException or TimeoutException,
        _ => false,
    };
}
