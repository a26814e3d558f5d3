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
        PostgresException { SqlState.Length: > 0 } postgres => postgres.IsTransient || ServerGoingAway(postgres.SqlState, postgres.MessageText),
        // Thrown on another silo (e.g. while a grain there read its state on activation): the SQLSTATE did not travel,
        // the message ("08P01: server login has been failing ...") did.
        PostgresException remote => FromMessage(remote.Message),
        Orleans.Serialization.UnavailableExceptionFallbackException { ExceptionType: { } type } fallback
            when type.StartsWith("Npgsql.PostgresException", StringComparison.Ordinal) => FromMessage(fallback.Message),
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is System.Net.Sockets.SocketException or IOException or TimeoutException,
        RedisConnectionException or RedisTimeoutException => true,
        // An NpgsqlException from another silo whose type the receiving side would not rebuild keeps its inner exception.
        Orleans.Serialization.UnavailableExceptionFallbackException { ExceptionType: { } type } fallback
            when type.StartsWith("Npgsql.NpgsqlException", StringComparison.Ordinal) =>
            fallback.InnerException is System.Net.Sockets.SocketException or IOException or TimeoutException,
        _ => false,
    };

    /// <summary>
    /// PostgreSQL shutting down, crashed or starting (57P01 admin_shutdown, 57P02 crash_shutdown, 57P03
    /// cannot_connect_now), or PgBouncer saying its server connection broke or cannot be made: it reports those as
    /// 08P01 with a message about the server ("server conn crashed?", "server login has been failing, try again later").
    /// All end when the server is back; Npgsql counts only some of them transient.
    /// </summary>
    private static bool ServerGoingAway(string sqlState, string messageText) =>
        sqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow ||
        (sqlState == PostgresErrorCodes.ProtocolViolation && messageText.Contains("server", StringComparison.OrdinalIgnoreCase));

    /// <summary>A PostgreSQL error known only by its message, "SQLSTATE: text": a connection error (class 08, except
    /// a protocol violation that is not about the server), or the server going away.</summary>
    private static bool FromMessage(string message)
    {
        if (message.Length < 8 || message[5] != ':' || message[6] != ' ' || !message[..5].All(char.IsAsciiLetterOrDigit))
        {
            return false;
        }

        var (sqlState, text) = (message[..5], message[7..]);
        return (sqlState.StartsWith("08", StringComparison.Ordinal) && sqlState != PostgresErrorCodes.ProtocolViolation) ||
               ServerGoingAway(sqlState, text);
    }
}
