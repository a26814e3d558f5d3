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
    public async Task DocumentCounts_FollowInsertsStatusChangesTombstonesAndDeletes_FromManyConnections()
    {
        // Customer rows of a service of their own, in statuses of their own, so the other tests' customers do not count.
        var service = "count-test-" + Guid.NewGuid().ToString("N")[..8];
        var active = "A-" + service;
        var suspended = "S-" + service;
        var ids = Enumerable.Range(0, 12).Select(_ => Guid.NewGuid()).ToArray();

        // Concurrent writers land on different backends, hence on different counter slots.
        await Task.WhenAll(ids.Select((id, i) => ExecuteAsync(
            """
            INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, serviceid, doc, version)
            VALUES (0, @n, 0, 0, 'customer', @service,
                    jsonb_build_object('id', @id::text, 'status', @status::text, 'createdAt', now(), 'updatedAt', now()), 1)
            """,
            ("n", (long)i), ("service", service), ("id", id), ("status", i < 8 ? active : suspended))));
        Assert.Equal(new Dictionary<string, long> { [active] = 8, [suspended] = 4 }, await CountsAsync(service));

        await Task.WhenAll(Enumerable.Range(0, 3).Select(i => ExecuteAsync(
            "UPDATE orleansstorage SET doc = doc || jsonb_build_object('status', @status::text), version = version + 1 WHERE serviceid = @service AND grainidn0 = @n",
            ("status", suspended), ("service", service), ("n", (long)i))));
        await ExecuteAsync("UPDATE orleansstorage SET doc = doc || '{\"firstName\": \"x\"}', version = version + 1 WHERE serviceid = @service", ("service", service));
        Assert.Equal(new Dictionary<string, long> { [active] = 5, [suspended] = 7 }, await CountsAsync(service));

        // A tombstone leaves its count as a deleted row does.
        await ExecuteAsync("UPDATE orleansstorage SET doc = doc || '{\"isDeleted\": true}' WHERE serviceid = @service AND grainidn0 = 11", ("service", service));
        await ExecuteAsync("DELETE FROM orleansstorage WHERE serviceid = @service AND doc ->> 'status' = @status", ("service", service), ("status", suspended));
        Assert.Equal(new Dictionary<string, long> { [active] = 5 }, await CountsAsync(service));
        Assert.Equal(5L, await ScalarAsync<long>(_db, $"SELECT count(*) FROM orleansstorage WHERE kind = 'customer' AND serviceid = '{service}'"));

        await ExecuteAsync("DELETE FROM orleansstorage WHERE serviceid = @service", ("service", service));
        Assert.Empty(await CountsAsync(service));
    }

    private sealed class RoundTripState
    {
        public decimal Price { get; set; }
        public decimal Tiny { get; set; }
        public decimal Largest { get; set; }
        public DateOnly Day { get; set; }
        public DateTimeOffset At { get; set; }
        public string Text { get; set; } = "";
        public long Big { get; set; }
        public double Ratio { get; set; }
        public bool Flag { get; set; }
        public Dictionary<string, decimal> Nested { get; set; } = [];
    }

    [Fact]
    public async Task Write_StateWithDecimalsDatesAndUnicode_ReadsBackTheSameValues()
    {
        var grain = NewGrain();
        var state = new RoundTripState
        {
            Price = 12.50m,
            Tiny = 0.0000001m,
            Largest = decimal.MaxValue,
            Day = new DateOnly(2026, 2, 28),
            At = new DateTimeOffset(2026, 12, 6, 15, 24, 40, TimeSpan.FromHours(1)).AddTicks(1234567),
            Text = "Zażółć gęślą jaźń \"cytat\" \\ tab\t nowa\nlinia 🎉 <&>",
            Big = long.MaxValue,
            Ratio = 0.1,
            Flag = true,
            Nested = new() { ["b"] = 1.10m, ["a"] = 0.00m },
        };
        var written = System.Text.Json.JsonSerializer.Serialize(state, Bss.ReadSide.StateJson.Options);

        await WriteAsync(grain, null, written);
        var (read, version) = (await ReadAsync(grain))!.Value;

        // The row keeps jsonb (key order and spacing are its own); what the storage serializer reads back is the same.
        var back = System.Text.Json.JsonSerializer.Deserialize<RoundTripState>(read, Bss.ReadSide.StateJson.Options)!;
        var again = System.Text.Json.JsonSerializer.Serialize(back, Bss.ReadSide.StateJson.Options);
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(written),
            System.Text.Json.Nodes.JsonNode.Parse(again)), $"{written} came back as {again}");
        Assert.Equal("12.50", back.Price.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("1.10", back.Nested["b"].ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((state.Tiny, state.Largest, state.Big, state.Ratio), (back.Tiny, back.Largest, back.Big, back.Ratio));
        Assert.Equal((state.Day, state.At, state.At.Offset, state.Text), (back.Day, back.At, back.At.Offset, back.Text));
        Assert.Equal(1, version);
    }

    [Fact]
    public async Task Update_LeavingTypedColumnsAlone_IsHot_ChangingStatus_IsNot()
    {
        await using var direct = NpgsqlDataSource.Create(TestEnvironment.PostgresDirect);
        var service = "hot-test-" + Guid.NewGuid().ToString("N")[..8];
        await using (var insert = direct.CreateCommand(
            """
            INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, serviceid, doc, version)
            VALUES (0, 0, 0, 0, 'customer', $1, jsonb_build_object('id', gen_random_uuid(), 'status', 'ACTIVE',
                    'firstName', 'Anna', 'createdAt', now(), 'updatedAt', now(), 'phone', '500000000'), 1)
            """))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = service });
            await insert.ExecuteNonQueryAsync();
        }

        // A phone, the update time and the version are in no index: the new row version goes on the same page, no
        // index entry is written. pg_stat_xact_user_tables counts this backend's updates not yet reported: read before and
        // after, in one transaction, it gives this update's own.
        var untyped = new List<(long Updates, long Hot)>();
        for (var i = 0; i < 3; i++)
        {
            untyped.Add(await UpdateCountingAsync(direct, service,
                $"doc || jsonb_build_object('phone', '50000000{i}', 'updatedAt', now(), 'version', {i + 2})"));
        }

        var statusChange = await UpdateCountingAsync(direct, service, "doc || '{\"status\": \"SUSPENDED\"}'");

        Assert.All(untyped, counts => Assert.Equal((1L, 1L), counts));
        Assert.Equal((1L, 0L), statusChange);
        await ExecuteAsync("DELETE FROM orleansstorage WHERE serviceid = @service", ("service", service));
    }

    private static async Task<(long Updates, long Hot)> UpdateCountingAsync(NpgsqlDataSource db, string service, string newDoc)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var before = await XactCountsAsync(connection, transaction);
        await using (var update = new NpgsqlCommand($"UPDATE orleansstorage SET doc = {newDoc} WHERE serviceid = $1", connection, transaction))
        {
            update.Parameters.Add(new NpgsqlParameter { Value = service });
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        var after = await XactCountsAsync(connection, transaction);
        await transaction.CommitAsync();
        return (after.Updates - before.Updates, after.Hot - before.Hot);
    }

    private static async Task<(long Updates, long Hot)> XactCountsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        await using var counts = new NpgsqlCommand(
            "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables WHERE relname = 'orleansstorage'", connection, transaction);
        await using var reader = await counts.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetInt64(0), reader.GetInt64(1));
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
        Assert.Equal(("{\"n\": 1}", 1), await ReadAsync(grain)); // as jsonb prints it
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
        Assert.Equal(("{\"n\": 2}", 2), await ReadAsync(grain));
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

    /// <summary>What the list pages read: the customer counters of statuses ending in the suffix, summed per status (zero sums left out).</summary>
    private async Task<Dictionary<string, long>> CountsAsync(string statusSuffix)
    {
        await using var command = _db.CreateCommand(
            "SELECT status, sum(n)::bigint FROM document_counts WHERE kind = 'customer' AND status LIKE '%' || @suffix GROUP BY 1 HAVING sum(n) <> 0");
        command.Parameters.AddWithValue("suffix", statusSuffix);
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
