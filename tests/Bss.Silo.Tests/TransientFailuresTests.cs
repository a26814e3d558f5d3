using Npgsql;

namespace Bss.Silo.Tests;

/// <summary>Which database errors answer 503 (the server is away and will be back) and which stay a 500 (a bug).</summary>
public class TransientFailuresTests
{
    private static readonly TransientFailures Detector = new();

    [Theory]
    [InlineData(PostgresErrorCodes.AdminShutdown, "terminating connection due to administrator command")]
    [InlineData(PostgresErrorCodes.CrashShutdown, "terminating connection because of crash of another server process")]
    [InlineData(PostgresErrorCodes.CannotConnectNow, "the database system is starting up")]
    [InlineData(PostgresErrorCodes.ProtocolViolation, "server login has been failing, try again later (server_login_retry)")]
    [InlineData(PostgresErrorCodes.ProtocolViolation, "server conn crashed?")]
    [InlineData(PostgresErrorCodes.TooManyConnections, "sorry, too many clients already")]
    public void ServerAwayOrBusy_IsTransient(string sqlState, string text) =>
        Assert.True(Detector.IsTransient(new PostgresException(text, "FATAL", "FATAL", sqlState)));

    [Theory]
    [InlineData(PostgresErrorCodes.UndefinedTable, "relation \"customers\" does not exist")]
    [InlineData(PostgresErrorCodes.UniqueViolation, "duplicate key value violates unique constraint")]
    [InlineData(PostgresErrorCodes.ProtocolViolation, "invalid message format")]
    [InlineData(PostgresErrorCodes.ReadOnlySqlTransaction, "cannot execute INSERT in a read-only transaction")]
    public void AnErrorAboutTheStatement_IsNotTransient(string sqlState, string text) =>
        Assert.False(Detector.IsTransient(new PostgresException(text, "ERROR", "ERROR", sqlState)));
}
