using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;
using Bss.ReadSide;
using Npgsql;

namespace Bss.IntegrationTests;

/// <summary>
/// The C# catalogue of kinds (src/Bss.ReadSide/StateKinds.cs) against the SQL that computes the read model
/// (dev/postgres/001-orleans-storage.sql, 010-read-model.sql, 100-views.sql), by behaviour: state rows with marker
/// values are written and what the database made of them is compared with what the catalogue says.
/// </summary>
public sealed class StateKindCatalogueTests : IAsyncLifetime
{
    private static readonly string[] Bookkeeping = ["idempotency", "invoice-number", "billing-cycle-shard"];

    private readonly string _service = "catalogue-test-" + Guid.NewGuid().ToString("N")[..8];
    private NpgsqlDataSource _db = null!;
    private long _next;

    public static TheoryData<string> Kinds() => [.. StateKinds.All.Select(k => k.GrainType)];

    public Task InitializeAsync()
    {
        _db = NpgsqlDataSource.Create(TestEnvironment.PostgresThroughPgBouncer);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await using (var command = _db.CreateCommand("DELETE FROM orleansstorage WHERE serviceid = $1"))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = _service });
            await command.ExecuteNonQueryAsync();
        }

        await _db.DisposeAsync();
    }

    [Fact]
    public async Task ListedKinds_AreTheCataloguesKinds()
    {
        var candidates = StateKinds.All.Select(k => k.GrainType).Concat(Bookkeeping).ToArray();
        await using var command = _db.CreateCommand("SELECT array_agg(t ORDER BY t) FROM unnest($1::text[]) AS t WHERE bss_listed(t)");
        command.Parameters.Add(new NpgsqlParameter { Value = candidates });

        var listed = (string[])(await command.ExecuteScalarAsync())!;

        Assert.Equal(StateKinds.All.Select(k => k.GrainType).Order(StringComparer.Ordinal), listed);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Row_WithMarkersInEveryCatalogueField_HasThemInSearchTextKeyColumnsAndView(string grainType)
    {
        var kind = StateKinds.Find(grainType)!;
        var marker = "M" + Guid.NewGuid().ToString("N")[..8];
        var doc = Base(kind);
        foreach (var field in kind.SearchPaths.Concat(kind.Columns.Keys))
        {
            doc[field] = $"{marker}-{field}";
        }

        var id = await InsertAsync(kind, doc);

        await using var command = _db.CreateCommand(
            $"SELECT search_text, key1, key2, key3, ref, (SELECT count(*) FROM {kind.View} v WHERE v.id = s.id) FROM orleansstorage s WHERE kind = $1 AND id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = grainType });
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no listed {grainType} row");

        Assert.Equal(string.Join(' ', kind.SearchPaths.Select(p => $"{marker}-{p}")).ToLowerInvariant(), reader.GetString(0));
        for (var i = 0; i < StateKinds.KeyColumns.Count; i++)
        {
            var column = StateKinds.KeyColumns[i];
            var field = kind.Columns.FirstOrDefault(c => c.Value == column).Key;
            Assert.Equal(field is null ? null : $"{marker}-{field}", reader.IsDBNull(i + 1) ? null : reader.GetString(i + 1));
        }

        Assert.Equal(1L, reader.GetInt64(5));
    }

    [Fact]
    public async Task UniqueIndexes_InTheDatabase_AreTheCataloguesIndexes()
    {
        await using var command = _db.CreateCommand(
            "SELECT array_agg(indexname::text ORDER BY indexname) FROM pg_indexes WHERE tablename = 'orleansstorage' AND indexname LIKE 'ux\\_%'");

        var indexes = (string[])(await command.ExecuteScalarAsync())!;

        Assert.Equal(StateKinds.All.SelectMany(k => k.UniqueKeys).Select(u => u.Index).Order(StringComparer.Ordinal), indexes);
    }

    public static TheoryData<string> UniqueIndexes() => [.. StateKinds.All.SelectMany(k => k.UniqueKeys).Select(u => u.Index)];

    [Theory]
    [MemberData(nameof(UniqueIndexes))]
    public async Task SecondRow_SharingTheUniqueKeysField_IsRefusedByThatIndex(string index)
    {
        var kind = StateKinds.All.Single(k => k.UniqueKeys.Any(u => u.Index == index));
        var key = kind.UniqueKeys.Single(u => u.Index == index);
        var shared = Guid.NewGuid().ToString("N");
        var customer = Guid.NewGuid();

        // Both rows open (ACTIVE), of one customer, primary; the key's field the same, the kind's other unique fields not.
        JsonObject Row()
        {
            var doc = Base(kind);
            doc["status"] = "ACTIVE";
            doc["customerId"] = customer.ToString();
            foreach (var field in kind.Columns.Keys.Where(f => kind.UniqueKeys.All(u => u.Field != f)))
            {
                doc[field] = "same-" + shared;
            }

            foreach (var other in kind.UniqueKeys)
            {
                doc[other.Field] = other.Field == "isPrimary" ? true : Guid.NewGuid().ToString("N");
            }

            doc[key.Field] = key.Field == "isPrimary" ? true : "key-" + shared;
            return doc;
        }

        await InsertAsync(kind, Row());
        var refused = await Assert.ThrowsAsync<PostgresException>(() => InsertAsync(kind, Row()));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, refused.SqlState);
        Assert.Equal(index, refused.ConstraintName);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task View_OfEachKind_IsDocumented(string grainType)
    {
        var view = StateKinds.Find(grainType)!.View;
        await using var command = _db.CreateCommand(
            "SELECT obj_description(c.oid, 'pg_class') FROM pg_class c WHERE c.oid = to_regclass('public.' || $1) AND c.relkind = 'v'");
        command.Parameters.Add(new NpgsqlParameter { Value = view });

        var comment = await command.ExecuteScalarAsync();

        Assert.Contains(grainType, Assert.IsType<string>(comment), StringComparison.Ordinal);
    }

    /// <summary>The SQL the README's quick tour and dev/run's start-up hint tell people to run, as the application role.</summary>
    [Fact]
    public async Task ReadmeAndDevRunQueries_RunAsTheApplicationRole()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(TestEnvironment.RepositoryRoot, "README.md"));
        var run = await File.ReadAllTextAsync(Path.Combine(TestEnvironment.RepositoryRoot, "dev", "run"));
        var queries = System.Text.RegularExpressions.Regex.Matches(readme, "psql run -c \"([^\"]+)\"")
            .Concat(System.Text.RegularExpressions.Regex.Matches(run, "psql run -c \\\\\"([^\\\\]+)\\\\\""))
            .Select(m => m.Groups[1].Value)
            .ToList();
        await InsertAsync(StateKinds.Find("customer")!, Base(StateKinds.Find("customer")!));

        Assert.True(queries.Count >= 3, $"found {queries.Count} queries");
        foreach (var sql in queries)
        {
            await using var command = _db.CreateCommand(sql);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync(), $"no row from: {sql}");
        }
    }

    private static JsonObject Base(StateKind kind) => new()
    {
        ["id"] = Guid.NewGuid().ToString(),
        ["createdAt"] = "2026-12-06T10:00:00+00:00",
        ["updatedAt"] = "2026-12-06T10:00:00+00:00",
        ["version"] = 1,
        ["status"] = "ACTIVE",
        ["kindUnderTest"] = kind.GrainType,
    };

    private async Task<Guid> InsertAsync(StateKind kind, JsonObject doc)
    {
        await using var command = _db.CreateCommand(
            """
            INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, serviceid, doc, version)
            VALUES (0, $1, 0, 0, $2, $3, $4::jsonb, 1)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = Interlocked.Increment(ref _next) });
        command.Parameters.Add(new NpgsqlParameter { Value = kind.GrainType });
        command.Parameters.Add(new NpgsqlParameter { Value = _service });
        command.Parameters.Add(new NpgsqlParameter { Value = doc.ToJsonString() });
        await command.ExecuteNonQueryAsync();
        return Guid.Parse(doc["id"]!.GetValue<string>());
    }
}
