using System.Text.Json;
using Bss.Abstractions.Common;
using Bss.Domain.Common;
using Npgsql;

namespace Bss.ReadSide;

/// <summary>Reads the listed state rows (orleansstorage's read model, dev/postgres/001-orleans-storage.sql) back into state objects.</summary>
public sealed class DocumentStore(NpgsqlDataSource database)
{
    public async Task<Page<TState>> SearchAsync<TState>(DocumentQuery query, CancellationToken cancellationToken = default) where TState : EntityState
    {
        if (query.Searches)
        {
            return await SearchInOneScanAsync<TState>(query, cancellationToken);
        }

        await using var batch = database.CreateBatch();
        batch.BatchCommands.Add(query.CountCommand());
        batch.BatchCommands.Add(query.PageCommand());
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);

        await reader.ReadAsync(cancellationToken);
        var total = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken);

        var items = new List<TState>(query.Page.Size);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(Read<TState>(query, reader.GetString(0)));
        }

        return new Page<TState>(items, query.Page.PageNumber, query.Page.Size, total);
    }

    /// <summary>Page and total from one scan; only a page past the last match needs a second query for the total.</summary>
    private async Task<Page<TState>> SearchInOneScanAsync<TState>(DocumentQuery query, CancellationToken cancellationToken) where TState : EntityState
    {
        var items = new List<TState>(query.Page.Size);
        long total = 0;
        await using (var batch = database.CreateBatch())
        {
            batch.BatchCommands.Add(query.PageWithTotalCommand());
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(Read<TState>(query, reader.GetString(0)));
                total = reader.GetInt64(1);
            }
        }

        if (items.Count == 0 && query.Page.PageNumber > 0)
        {
            await using var batch = database.CreateBatch();
            batch.BatchCommands.Add(query.CountCommand());
            total = (long)(await batch.ExecuteScalarAsync(cancellationToken) ?? 0L);
        }

        return new Page<TState>(items, query.Page.PageNumber, query.Page.Size, total);
    }

    private static TState Read<TState>(DocumentQuery query, string json) where TState : EntityState =>
        JsonSerializer.Deserialize<TState>(json, StateJson.Options)
        ?? throw new InvalidDataException($"Empty {query.Kind} state in a listed row.");

    /// <summary>How many entities of the query's kind (and conditions) are in each status.</summary>
    public async Task<Dictionary<string, long>> CountByStatusAsync(DocumentQuery query, CancellationToken cancellationToken = default)
    {
        await using var batch = database.CreateBatch();
        batch.BatchCommands.Add(query.CountByStatusCommand());
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }
}
