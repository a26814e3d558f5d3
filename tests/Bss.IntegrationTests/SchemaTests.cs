using Bss.IntegrationTests.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace Bss.IntegrationTests;

/// <summary>The project's own SQL for the Orleans ADO.NET providers, exercised with the providers' parameter names.</summary>
public class SchemaTests : IAsyncLifetime
{
    private NpgsqlDataSource _db = null!;

    public Task InitializeAsync()
    {
        _db = NpgsqlDataSource.Create(TestEnvironment.PostgresThroughPgBouncer);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Schema_AppliedAgain_IsHarmless()
    {
        await using var direct = NpgsqlDataSource.Create(TestEnvironment.PostgresDirect);
        var before = await ScalarAsync<long>(direct, "SELECT count(*) FROM orleansquery");

        await using var superuser = NpgsqlDataSource.Create(Superuser());
        await using var owner = NpgsqlDataSource.Create(Superuser(actingAs: "bss_owner"));
        foreach (var file in Directory.GetFiles(Path.Combine(TestEnvironment.RepositoryRoot, "dev", "postgres"), "*.sql").Order(StringComparer.Ordinal))
        {
            // As dev/services applies them: *.postgres.sql (what neither bss nor the owner may own: the audit trail) as
            // postgres, the rest as the schema owner bss_owner, never as the application role.
            var applier = file.EndsWith(".postgres.sql", StringComparison.Ordinal) ? superuser : owner;
            await using var command = applier.CreateCommand(await File.ReadAllTextAsync(file));
            await command.ExecuteNonQueryAsync();
        }

        Assert.Equal(before, await ScalarAsync<long>(direct, "SELECT count(*) FROM orleansquery"));
        Assert.Equal(11L, before);
        Assert.Equal(0L, await ScalarAsync<long>(direct, "SELECT count(*) FROM pg_class WHERE relowner = 'bss'::regrole"));
    }

    /// <summary>
    /// The postgres superuser over the test cluster's Unix socket (dev/services initialises it with local trust);
    /// with <paramref name="actingAs"/>, acting as that role from the connection's start (bss_owner cannot log in).
    /// </summary>
    internal static string Superuser(string? actingAs = null)
    {
        var direct = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresDirect);
        var dataDir = Environment.GetEnvironmentVariable("BSS_DATA_DIR")
            ?? throw new InvalidOperationException("BSS_DATA_DIR is not set: run the tests with dev/test.");
        return new NpgsqlConnectionStringBuilder
        {
            Host = Path.Combine(dataDir, "sock"),
            Port = direct.Port,
            Database = direct.Database,
            Username = "postgres",
            Options = actingAs is null ? null : $"-c role={actingAs}",
        }.ConnectionString;
    }

    [Fact]
    public async Task DocumentCounts_FollowInsertsStatusChangesAndDeletes_FromManyConnections()
    {
        var kind = "count-test-" + Guid.NewGuid().ToString("N");
        var ids = Enumerable.Range(0, 12).Select(_ => Guid.NewGuid()).ToArray();

        // Concurrent writers land on different backends, hence on different counter slots.
        await Task.WhenAll(ids.Select((id, i) => ExecuteAsync(
            "INSERT INTO documents (kind, id, doc, status, created_at, updated_at, version) VALUES (@kind, @id, '{}', @status, now(), now(), 1)",
            ("kind", kind), ("id", id), ("status", i < 8 ? "ACTIVE" : "SUSPENDED"))));
        Assert.Equal(new Dictionary<string, long> { ["ACTIVE"] = 8, ["SUSPENDED"] = 4 }, await CountsAsync(kind));

        await Task.WhenAll(ids.Take(3).Select(id => ExecuteAsync(
            "UPDATE documents SET status = 'SUSPENDED', version = version + 1 WHERE kind = @kind AND id = @id", ("kind", kind), ("id", id))));
        await ExecuteAsync("UPDATE documents SET version = version + 1 WHERE kind = @kind", ("kind", kind));
        Assert.Equal(new Dictionary<string, long> { ["ACTIVE"] = 5, ["SUSPENDED"] = 7 }, await CountsAsync(kind));

        await ExecuteAsync("DELETE FROM documents WHERE kind = @kind AND status = 'SUSPENDED'", ("kind", kind));
        Assert.Equal(new Dictionary<string, long> { ["ACTIVE"] = 5 }, await CountsAsync(kind));
        Assert.Equal(5L, await ScalarAsync<long>(_db, $"SELECT count(*) FROM documents WHERE kind = '{kind}'"));

        await ExecuteAsync("DELETE FROM documents WHERE kind = @kind", ("kind", kind));
    }

    [Fact]
    public async Task Write_TwoFirstWritesOfOneGrain_TheSecondGetsAConflictNotARow()
    {
        var grain = NewGrain();

        var first = await WriteAsync(grain, version: null, "{\"n\":1}");
        var racing = await WriteAsync(grain, version: null, "{\"n\":2}");

        Assert.Equal(1, first);
        Assert.Null(racing);
        Assert.Equal(1L, await CountRowsAsync(grain));
        Assert.Equal(("{\"n\":1}", 1), await ReadAsync(grain));
    }

    [Fact]
    public async Task Write_WithCurrentVersion_AdvancesIt_StaleVersion_IsRefused()
    {
        var grain = NewGrain();
        await WriteAsync(grain, null, "{\"n\":1}");

        var second = await WriteAsync(grain, 1, "{\"n\":2}");
        var stale = await WriteAsync(grain, 1, "{\"n\":3}");

        Assert.Equal(2, second);
        Assert.Equal(1, stale);
        Assert.Equal(("{\"n\":2}", 2), await ReadAsync(grain));
    }

    [Fact]
    public async Task ClearAndDelete_CheckTheVersion()
    {
        var grain = NewGrain();
        await WriteAsync(grain, null, "{}");

        var staleClear = await RunStorageQueryAsync<int?>("ClearStorageKey", grain, p => p.Add(Int("GrainStateVersion", 5)));
        var cleared = await RunStorageQueryAsync<int?>("ClearStorageKey", grain, p => p.Add(Int("GrainStateVersion", 1)));
        var deleted = await RunStorageQueryAsync<int?>("DeleteStorageKey", grain, p => p.Add(Int("GrainStateVersion", 2)));

        Assert.Equal(5, staleClear);
        Assert.Equal(2, cleared);
        Assert.Equal(3, deleted);
        Assert.Equal(0L, await CountRowsAsync(grain));
    }

    [Fact]
    public async Task Reminders_UpsertReadRangeAndDelete()
    {
        var service = "it-" + Guid.NewGuid().ToString("N")[..8];
        const string grainId = "billing/42";
        var start = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);

        var v0 = await ReminderScalarAsync<int>("UpsertReminderRowKey", service, grainId, "cycle", start, 1000, 10);
        var v1 = await ReminderScalarAsync<int>("UpsertReminderRowKey", service, grainId, "cycle", start, 2000, 10);
        var inRange = await ReminderRowsAsync("ReadRangeRows1Key", service, begin: 5, end: 10);
        var wrapped = await ReminderRowsAsync("ReadRangeRows2Key", service, begin: 20, end: 10);
        var outside = await ReminderRowsAsync("ReadRangeRows1Key", service, begin: 10, end: 20);
        var staleDelete = await ReminderScalarAsync<int>("DeleteReminderRowKey", service, grainId, "cycle", version: 0);
        var delete = await ReminderScalarAsync<int>("DeleteReminderRowKey", service, grainId, "cycle", version: 1);

        Assert.Equal(0, v0);
        Assert.Equal(1, v1);
        Assert.Equal(1, inRange);
        Assert.Equal(1, wrapped);
        Assert.Equal(0, outside);
        Assert.Equal(0, staleDelete);
        Assert.True(delete > 0);
    }

    private sealed record GrainKey(string Service, long N0, long N1);

    private static GrainKey NewGrain() =>
        new("it-" + Guid.NewGuid().ToString("N")[..8], Random.Shared.NextInt64(), Random.Shared.NextInt64());

    private Task<int?> WriteAsync(GrainKey grain, int? version, string json) =>
        RunStorageQueryAsync<int?>("WriteToStorageKey", grain, p =>
        {
            p.Add(Int("GrainStateVersion", version));
            p.Add(new NpgsqlParameter("PayloadBinary", NpgsqlDbType.Bytea) { Value = System.Text.Encoding.UTF8.GetBytes(json) });
        });

    private async Task<(string, int)?> ReadAsync(GrainKey grain)
    {
        await using var command = await StorageCommandAsync("ReadFromStorageKey", grain);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        var result = (System.Text.Encoding.UTF8.GetString((byte[])reader["payloadbinary"]), (int)reader["version"]);
        Assert.False(await reader.ReadAsync(), "more than one row for one grain");
        return result;
    }

    private async Task<T?> RunStorageQueryAsync<T>(string key, GrainKey grain, Action<NpgsqlParameterCollection> extra)
    {
        await using var command = await StorageCommandAsync(key, grain);
        extra(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"{key} returned no row");
        var value = reader["newgrainstateversion"];
        return value is DBNull ? default : (T)value;
    }

    private async Task<NpgsqlCommand> StorageCommandAsync(string key, GrainKey grain)
    {
        var command = _db.CreateCommand(await QueryTextAsync(key));
        command.Parameters.Add(Int("GrainIdHash", 17));
        command.Parameters.Add(new NpgsqlParameter("GrainIdN0", NpgsqlDbType.Bigint) { Value = grain.N0 });
        command.Parameters.Add(new NpgsqlParameter("GrainIdN1", NpgsqlDbType.Bigint) { Value = grain.N1 });
        command.Parameters.Add(Int("GrainTypeHash", 23));
        command.Parameters.Add(new NpgsqlParameter("GrainTypeString", NpgsqlDbType.Text) { Value = "schema-test" });
        command.Parameters.Add(new NpgsqlParameter("GrainIdExtensionString", NpgsqlDbType.Text) { Value = DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("ServiceId", NpgsqlDbType.Text) { Value = grain.Service });
        return command;
    }

    private async Task<long> CountRowsAsync(GrainKey grain)
    {
        await using var command = _db.CreateCommand("SELECT count(*) FROM orleansstorage WHERE serviceid = @s AND grainidn0 = @n0 AND grainidn1 = @n1");
        command.Parameters.AddWithValue("s", grain.Service);
        command.Parameters.AddWithValue("n0", grain.N0);
        command.Parameters.AddWithValue("n1", grain.N1);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<T> ReminderScalarAsync<T>(string key, string service, string grainId, string name,
        DateTime? start = null, long? period = null, int? hash = null, int? version = null)
    {
        await using var command = _db.CreateCommand(await QueryTextAsync(key));
        command.Parameters.AddWithValue("ServiceId", service);
        command.Parameters.AddWithValue("GrainId", grainId);
        command.Parameters.AddWithValue("ReminderName", name);
        if (start is not null)
        {
            command.Parameters.AddWithValue("StartTime", start.Value);
            command.Parameters.AddWithValue("Period", period!.Value);
            command.Parameters.AddWithValue("GrainHash", hash!.Value);
        }

        if (version is not null)
        {
            command.Parameters.AddWithValue("Version", version.Value);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    private async Task<int> ReminderRowsAsync(string key, string service, int begin, int end)
    {
        await using var command = _db.CreateCommand(await QueryTextAsync(key));
        command.Parameters.AddWithValue("ServiceId", service);
        command.Parameters.AddWithValue("BeginHash", begin);
        command.Parameters.AddWithValue("EndHash", end);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            Assert.Equal(2000L, (long)reader["period"]);
            rows++;
        }

        return rows;
    }

    private async Task<string> QueryTextAsync(string key)
    {
        await using var command = _db.CreateCommand("SELECT querytext FROM orleansquery WHERE querykey = @k");
        command.Parameters.AddWithValue("k", key);
        return (string?)await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"no query {key}");
    }

    private async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = _db.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    /// <summary>What the list pages read: the counters of a kind summed per status (zero sums left out).</summary>
    private async Task<Dictionary<string, long>> CountsAsync(string kind)
    {
        await using var command = _db.CreateCommand(
            "SELECT status, sum(n)::bigint FROM document_counts WHERE kind = @kind GROUP BY 1 HAVING sum(n) <> 0");
        command.Parameters.AddWithValue("kind", kind);
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<string, long>();
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static NpgsqlParameter Int(string name, int? value) =>
        new(name, NpgsqlDbType.Integer) { Value = value is null ? DBNull.Value : value.Value };
}
