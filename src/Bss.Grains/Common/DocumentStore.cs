using System.Text.Json;
using Bss.Abstractions.Common;
using Bss.Domain.Common;
using Npgsql;

namespace Bss.Grains.Common;

/// <summary>Reads the documents read table (dev/postgres/010-documents.sql) back into state objects.</summary>
public sealed class DocumentStore(NpgsqlDataSource database)
{
    public async Task<Page<TState>> SearchAsync<TState>(DocumentQuery query) where TState : EntityState
    {
        await using var batch = database.CreateBatch();
        batch.BatchCommands.Add(query.CountCommand());
        batch.BatchCommands.Add(query.PageCommand());
        await using var reader = await batch.ExecuteReaderAsync();

        await reader.ReadAsync();
        var total = reader.GetInt64(0);
        await reader.NextResultAsync();

        var items = new List<TState>(query.Page.Size);
        while (await reader.ReadAsync())
        {
            items.Add(JsonSerializer.Deserialize<TState>(reader.GetString(0), StateJson.Options)
                ?? throw new InvalidDataException($"Empty {query.Kind} document in the read table."));
        }

        return new Page<TState>(items, query.Page.PageNumber, query.Page.Size, total);
    }

    /// <summary>How many entities of the query's kind (and conditions) are in each status.</summary>
    public async Task<Dictionary<string, long>> CountByStatusAsync(DocumentQuery query)
    {
        await using var batch = database.CreateBatch();
        batch.BatchCommands.Add(query.CountByStatusCommand());
        await using var reader = await batch.ExecuteReaderAsync();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }
}
