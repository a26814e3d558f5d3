using System.Text;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace Bss.IntegrationTests;

/// <summary>
/// A database made by the previous schema (Fixtures/schema-fa51f6f: the state as bytea, projected by a trigger into
/// a documents table) converted by today's dev/postgres, applied the way dev/services applies it: in a scratch database
/// of the test cluster, written through the previous WriteToStorageKey as the application role.
/// </summary>
public sealed class SchemaMigrationTests : IAsyncLifetime
{
    private const string Service = "bss";
    private readonly string _database = "bss_migration_" + Guid.NewGuid().ToString("N")[..12];

    public async Task InitializeAsync()
    {
        await using var postgres = NpgsqlDataSource.Create(SchemaTests.Superuser());
        await using var create = postgres.CreateCommand($"CREATE DATABASE {_database} OWNER bss_owner");
        await create.ExecuteNonQueryAsync();
        await using var scratch = NpgsqlDataSource.Create(Superuser(_database));
        await using var grant = scratch.CreateCommand("GRANT USAGE ON SCHEMA public TO bss");
        await grant.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var postgres = NpgsqlDataSource.Create(SchemaTests.Superuser());
        await using var drop = postgres.CreateCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
        await drop.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task CurrentSchema_OverPreviousSchemasData_KeepsStatesCountsKeysAndAuditTrail()
    {
        await ApplyAsync(Path.Combine(TestEnvironment.RepositoryRoot, "tests", "Bss.IntegrationTests", "Fixtures", "schema-fa51f6f"));
        await using var app = NpgsqlDataSource.Create(
            new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresDirect) { Database = _database }.ConnectionString);

        var anna = Customer("Anna", "ACTIVE");
        var jan = Customer("Jan", "ACTIVE");
        var gone = Customer("Ewa", "ACTIVE");
        var product = Product("PLAN-M");
        var idempotency = new GrainRow("idempotency", 7, """{"resourceId": "x", "completedAt": "2026-12-01T10:00:00+00:00"}""");
        foreach (var row in new[] { anna, jan, gone, product, idempotency })
        {
            Assert.Equal(1, await OldWriteAsync(app, row, version: null));
        }

        Assert.Equal(2, await OldWriteAsync(app, jan with { Json = jan.Json.Replace("\"ACTIVE\"", "\"SUSPENDED\"") }, version: 1));
        Assert.Equal(2, await OldWriteAsync(app, gone with { Json = gone.Json.Replace("\"isDeleted\": false", "\"isDeleted\": true") }, version: 1));
        var before = await StatesAsync(app, "convert_from(payloadbinary, 'UTF8')");
        var auditBefore = await ScalarAsync<long>(app, "SELECT count(*) FROM audit.audit_log");
        Assert.Equal(6L, auditBefore); // 4 creates (idempotency is not audited), a status change, a delete

        await ApplyAsync(Path.Combine(TestEnvironment.RepositoryRoot, "dev", "postgres"));
        await ApplyAsync(Path.Combine(TestEnvironment.RepositoryRoot, "dev", "postgres")); // applied on every start: once converts

        // Every state reads back as it was written (up to key order and spacing).
        var after = await StatesAsync(app, "doc::text");
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(before, state => Assert.True(JsonNode.DeepEquals(JsonNode.Parse(state.Value), JsonNode.Parse(after[state.Key])),
            $"state {state.Key} changed: {state.Value} -> {after[state.Key]}"));
        Assert.Equal("Anna", JsonNode.Parse(Encoding.UTF8.GetString(await NewReadAsync(app, anna)))!["firstName"]!.GetValue<string>());

        // Lists and exact counts: the tombstone and the bookkeeping state are in neither.
        Assert.Equal(
            [("customer", "ACTIVE", 1L), ("customer", "SUSPENDED", 1L), ("product", "ACTIVE", 1L)],
            await RowsAsync(app, "SELECT kind, status, sum(n)::bigint FROM document_counts GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2"));
        Assert.Equal(
            [("customer", "ACTIVE", 1L), ("customer", "SUSPENDED", 1L), ("product", "ACTIVE", 1L)],
            await RowsAsync(app, "SELECT kind, status, count(*) FROM orleansstorage WHERE kind IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2"));
        Assert.Equal(2L, await ScalarAsync<long>(app, "SELECT count(*) FROM customers"));
        Assert.Equal(0L, await ScalarAsync<long>(app, "SELECT count(*) FROM pg_class WHERE relname IN ('document_kinds') OR (relname = 'documents' AND relkind = 'r')"));

        // Unique keys hold on the converted rows, case-insensitively as before.
        var duplicate = await Assert.ThrowsAsync<PostgresException>(() => NewWriteAsync(app, Product("plan-m"), version: null));
        Assert.Equal("ux_documents_product_code", duplicate.ConstraintName);

        // The audit trail keeps its rows and goes on recording, from the jsonb state.
        Assert.Equal(auditBefore, await ScalarAsync<long>(app, "SELECT count(*) FROM audit.audit_log"));
        Assert.Equal(2, await NewWriteAsync(app, anna with { Json = anna.Json.Replace("\"Anna\"", "\"Anka\"") }, version: 1));
        Assert.Equal(auditBefore + 1, await ScalarAsync<long>(app, "SELECT count(*) FROM audit.audit_log"));
        Assert.Equal(
            [("UPDATE", "{\"firstName\": {\"after\": \"Anka\", \"before\": \"Anna\"}}", 1L)],
            await RowsAsync(app, "SELECT action, changes::text, version::bigint FROM audit.audit_log ORDER BY id DESC LIMIT 1"));
    }

    private sealed record GrainRow(string Type, long N0, string Json);

    private static GrainRow Customer(string firstName, string status) => new("customer", Random.Shared.NextInt64(), $$"""
        {"$actor": "user:test", "id": "{{Guid.NewGuid()}}", "createdAt": "2026-12-0{{Random.Shared.Next(1, 9)}}T10:00:00.1234567+00:00",
         "updatedAt": "2026-12-06T10:00:00+00:00", "version": 1, "isDeleted": false, "firstName": "{{firstName}}",
         "lastName": "Kowalska-Żółć", "email": "{{firstName.ToLowerInvariant()}}@example.pl", "status": "{{status}}", "credit": 12.50}
        """);

    private static GrainRow Product(string code) => new("product", Random.Shared.NextInt64(), $$"""
        {"id": "{{Guid.NewGuid()}}", "createdAt": "2026-12-01T10:00:00+00:00", "updatedAt": "2026-12-01T10:00:00+00:00",
         "version": 1, "productCode": "{{code}}", "name": "Plan M", "price": 49.90, "status": "ACTIVE"}
        """);

    /// <summary>The previous schema's write, as the Orleans provider runs it: bytea payload.</summary>
    private static Task<int?> OldWriteAsync(NpgsqlDataSource db, GrainRow row, int? version) => WriteAsync(db, row, version);

    private static Task<int?> NewWriteAsync(NpgsqlDataSource db, GrainRow row, int? version) => WriteAsync(db, row, version);

    private static async Task<int?> WriteAsync(NpgsqlDataSource db, GrainRow row, int? version)
    {
        await using var command = await StorageCommandAsync(db, "WriteToStorageKey", row);
        command.Parameters.Add(new NpgsqlParameter("GrainStateVersion", NpgsqlDbType.Integer) { Value = version is null ? DBNull.Value : version.Value });
        command.Parameters.Add(new NpgsqlParameter("PayloadBinary", NpgsqlDbType.Bytea) { Value = Encoding.UTF8.GetBytes(row.Json) });
        var result = await command.ExecuteScalarAsync();
        return result is DBNull ? null : (int?)result;
    }

    private static async Task<byte[]> NewReadAsync(NpgsqlDataSource db, GrainRow row)
    {
        await using var command = await StorageCommandAsync(db, "ReadFromStorageKey", row);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (byte[])reader["payloadbinary"];
    }

    private static async Task<NpgsqlCommand> StorageCommandAsync(NpgsqlDataSource db, string key, GrainRow row)
    {
        var text = await ScalarAsync<string>(db, $"SELECT querytext FROM orleansquery WHERE querykey = '{key}'");
        var command = db.CreateCommand(text);
        command.Parameters.Add(new NpgsqlParameter("GrainIdHash", NpgsqlDbType.Integer) { Value = 1 });
        command.Parameters.Add(new NpgsqlParameter("GrainIdN0", NpgsqlDbType.Bigint) { Value = row.N0 });
        command.Parameters.Add(new NpgsqlParameter("GrainIdN1", NpgsqlDbType.Bigint) { Value = 0L });
        command.Parameters.Add(new NpgsqlParameter("GrainTypeHash", NpgsqlDbType.Integer) { Value = 2 });
        command.Parameters.Add(new NpgsqlParameter("GrainTypeString", NpgsqlDbType.Text) { Value = row.Type });
        command.Parameters.Add(new NpgsqlParameter("GrainIdExtensionString", NpgsqlDbType.Text) { Value = DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("ServiceId", NpgsqlDbType.Text) { Value = Service });
        return command;
    }

    /// <summary>Every stored state as text, by grain type and key.</summary>
    private static async Task<Dictionary<string, string>> StatesAsync(NpgsqlDataSource db, string payloadAsText)
    {
        await using var command = db.CreateCommand($"SELECT graintypestring || '/' || grainidn0, {payloadAsText} FROM orleansstorage");
        await using var reader = await command.ExecuteReaderAsync();
        var states = new Dictionary<string, string>();
        while (await reader.ReadAsync())
        {
            states[reader.GetString(0)] = reader.GetString(1);
        }

        return states;
    }

    private static async Task<List<(string, string, long)>> RowsAsync(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string, long)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return rows;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Applies a folder of schema files as dev/services' pg_apply_sql does, each file in one transaction.</summary>
    private async Task ApplyAsync(string folder)
    {
        await using var superuser = NpgsqlDataSource.Create(Superuser(_database));
        await using var owner = NpgsqlDataSource.Create(Superuser(_database, actingAs: "bss_owner"));
        foreach (var file in Directory.GetFiles(folder, "*.sql").Order(StringComparer.Ordinal))
        {
            var applier = file.EndsWith(".postgres.sql", StringComparison.Ordinal) ? superuser : owner;
            await using var connection = await applier.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var command = new NpgsqlCommand(await File.ReadAllTextAsync(file), connection, transaction);
            await command.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }
    }

    private static string Superuser(string database, string? actingAs = null) =>
        new NpgsqlConnectionStringBuilder(SchemaTests.Superuser(actingAs)) { Database = database }.ConnectionString;
}
