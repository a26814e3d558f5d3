using System.Net.Sockets;
using System.Text;
using Bss.IntegrationTests.Infrastructure;
using Npgsql;

namespace Bss.IntegrationTests;

/// <summary>
/// What the application's credentials allow, as dev/services sets them up (dev/postgres/roles/bootstrap.sql,
/// 900-application-grants.sql): rows, not the schema; not PgBouncer's admin console; Redis only with its password.
/// </summary>
public class LeastPrivilegeTests
{
    [Fact]
    public async Task ApplicationRole_IsNoSuperuserAndOwnsNothing()
    {
        await using var db = NpgsqlDataSource.Create(TestEnvironment.PostgresThroughPgBouncer);
        await using var command = db.CreateCommand(
            """
            SELECT current_user::text,
                   (SELECT rolsuper OR rolcreaterole OR rolcreatedb FROM pg_roles WHERE rolname = current_user),
                   (SELECT count(*) FROM pg_class WHERE relowner = current_user::regrole),
                   (SELECT count(*) FROM pg_proc WHERE proowner = current_user::regrole),
                   (SELECT pg_get_userbyid(datdba)::text FROM pg_database WHERE datname = current_database())
            """);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        Assert.Equal("bss", reader.GetString(0));
        Assert.False(reader.GetBoolean(1), "bss is a superuser or may create roles or databases");
        Assert.Equal(0L, reader.GetInt64(2));
        Assert.Equal(0L, reader.GetInt64(3));
        Assert.Equal("bss_owner", reader.GetString(4));
    }

    [Theory]
    [InlineData("CREATE TABLE intruder (id int)")]
    [InlineData("CREATE TEMP TABLE intruder (id int)")]
    [InlineData("DROP TABLE orleansstorage")]
    [InlineData("TRUNCATE orleansstorage")]
    [InlineData("DROP VIEW documents")]
    [InlineData("DELETE FROM customers")]
    [InlineData("ALTER TABLE orleansstorage ADD COLUMN intruder int")]
    [InlineData("ALTER TABLE orleansstorage DISABLE TRIGGER ALL")]
    [InlineData("DROP TRIGGER count_document ON orleansstorage")]
    [InlineData("CREATE OR REPLACE FUNCTION bss_state_kind(grain_type text, doc jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT NULL::text $$")]
    [InlineData("UPDATE orleansquery SET querytext = 'SELECT 1' WHERE querykey = 'ReadFromStorageKey'")]
    public async Task ApplicationRole_ChangingTheSchema_IsRefused(string sql)
    {
        await using var db = NpgsqlDataSource.Create(TestEnvironment.PostgresThroughPgBouncer);
        await using var connection = await db.OpenConnectionAsync();
        // Rolled back whatever happens: a statement that wrongly succeeded must not break the other tests' schema.
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(sql, connection, transaction);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        // 42501 insufficient_privilege: "permission denied for …" / "must be owner of …".
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public async Task PgBouncerAdminConsole_ApplicationRole_IsNotAllowed()
    {
        var application = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresThroughPgBouncer) { Pooling = false };
        var console = new NpgsqlConnectionStringBuilder(application.ConnectionString) { Database = "pgbouncer" };

        // The same credentials reach the application's database, so the refusal below is the console's (PgBouncer refuses
        // at the login, before Npgsql would load types).
        await using (var ok = new NpgsqlConnection(application.ConnectionString))
        {
            await ok.OpenAsync();
        }

        await using var admin = new NpgsqlConnection(console.ConnectionString);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => admin.OpenAsync());

        Assert.Contains("not allowed", refused.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redis_WithoutPassword_RefusesCommands_WithIt_Answers()
    {
        var (host, port, password) = RedisEndpoint();
        Assert.False(string.IsNullOrEmpty(password), "ConnectionStrings__Redis carries no password");

        Assert.StartsWith("-NOAUTH", await RedisAsync(host, port, ["PING"]), StringComparison.Ordinal);
        Assert.Equal("+OK\r\n+PONG\r\n", await RedisAsync(host, port, ["AUTH", password!], ["PING"]));
    }

    /// <summary>Host, port and password of the StackExchange.Redis configuration string the silos get.</summary>
    private static (string Host, int Port, string? Password) RedisEndpoint()
    {
        var parts = TestEnvironment.Redis.Split(',', StringSplitOptions.TrimEntries);
        var endpoint = parts[0].Split(':');
        var password = parts.Skip(1).Select(p => p.Split('=', 2)).Where(kv => kv[0] == "password").Select(kv => kv[1]).SingleOrDefault();
        return (endpoint[0], int.Parse(endpoint[1], System.Globalization.CultureInfo.InvariantCulture), password);
    }

    /// <summary>Sends the commands (RESP arrays) on one connection and returns the replies as received.</summary>
    private static async Task<string> RedisAsync(string host, int port, params string[][] commands)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync(host, port, timeout.Token);
        var stream = client.GetStream();
        var request = new StringBuilder();
        foreach (var command in commands)
        {
            request.Append('*').Append(command.Length).Append("\r\n");
            foreach (var argument in command)
            {
                request.Append('$').Append(Encoding.UTF8.GetByteCount(argument)).Append("\r\n").Append(argument).Append("\r\n");
            }
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), timeout.Token);

        // Every reply here is one line; read until there is one per command.
        var replies = new StringBuilder();
        var buffer = new byte[1024];
        while (replies.ToString().Split("\r\n").Length - 1 < commands.Length)
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }

            replies.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return replies.ToString();
    }
}
