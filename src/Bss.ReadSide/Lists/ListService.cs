using Bss.Abstractions.Common;
using Npgsql;

namespace Bss.ReadSide.Lists;

/// <summary>
/// Answers every list, search and count of the API from the read table, in the process that serves the request:
/// one query per page (two without a search), each row read straight into the item the response needs.
/// What each kind allows is its <see cref="ListKind{TSearch, TItem}"/>.
/// </summary>
public sealed class ListService(NpgsqlDataSource database)
{
    /// <summary>For the lists whose SQL is their own (the audit trail, the catalog figures).</summary>
    internal NpgsqlDataSource Database => database;

    public Task<Page<TItem>> SearchAsync<TSearch, TItem>(ListKind<TSearch, TItem> list, TSearch search, CancellationToken cancellationToken = default) =>
        PageAsync(list.Query(search), list.Read, cancellationToken);

    /// <summary>Entities of <paramref name="kind"/> per status code (statuses with none are absent).</summary>
    public Task<Dictionary<string, long>> CountByStatusAsync(string kind, CancellationToken cancellationToken = default) =>
        Bounded(ReadCountsAsync(new DocumentQuery(kind, PageRequest.Unpaged, DocumentQuery.CommonSorts), cancellationToken),
            cancellationToken);

    private async Task<Dictionary<string, long>> ReadCountsAsync(DocumentQuery query, CancellationToken cancellationToken)
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

    /// <summary>
    /// The caller stops waiting when its request is cancelled (the route's timeout, a client gone), even where Npgsql
    /// does not stop: opening a connection to a database that hangs in the handshake waits for the connect timeout
    /// (30 s) whatever the token says. The work itself still gets the token and ends by it where it can.
    /// </summary>
    internal static Task<T> Bounded<T>(Task<T> work, CancellationToken cancellationToken)
    {
        if (work.IsCompleted || !cancellationToken.CanBeCanceled)
        {
            return work;
        }

        // Work given up on may still fail later, when nobody waits for it any more: observed here, not left unobserved.
        _ = work.ContinueWith(static t => t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return work.WaitAsync(cancellationToken);
    }

    /// <summary>One page of <paramref name="query"/>'s rows, each read by <paramref name="read"/>, and the number of all matches.</summary>
    public Task<Page<TItem>> PageAsync<TItem>(DocumentQuery query, Func<string, TItem> read, CancellationToken cancellationToken = default) =>
        Bounded(ReadPageAsync(query, read, cancellationToken), cancellationToken);

    private async Task<Page<TItem>> ReadPageAsync<TItem>(DocumentQuery query, Func<string, TItem> read, CancellationToken cancellationToken)
    {
        var items = new List<TItem>(Math.Min(query.Page.Size, 1000));
        long total = 0;
        await using (var batch = database.CreateBatch())
        {
            // A free-text search's index scan is the expensive part and its matches are few: the page and the total
            // come from that one scan. Otherwise the count (often from document_counts) and the page go in one batch.
            if (!query.Searches)
            {
                batch.BatchCommands.Add(query.CountCommand());
            }

            batch.BatchCommands.Add(query.Searches ? query.PageWithTotalCommand() : query.PageCommand());
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            if (!query.Searches)
            {
                await reader.ReadAsync(cancellationToken);
                total = reader.GetInt64(0);
                await reader.NextResultAsync(cancellationToken);
            }

            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(read(reader.GetString(0)));
                if (query.Searches)
                {
                    total = reader.GetInt64(1);
                }
            }
        }

        // A search's page past the last match has no row to carry the total.
        if (query.Searches && items.Count == 0 && query.Page.PageNumber > 0)
        {
            await using var batch = database.CreateBatch();
            batch.BatchCommands.Add(query.CountCommand());
            total = (long)(await batch.ExecuteScalarAsync(cancellationToken) ?? 0L);
        }

        return new Page<TItem>(items, query.Page.PageNumber, query.Page.Size, total);
    }

    /// <summary>Whether any row matches <paramref name="query"/>'s conditions.</summary>
    public Task<bool> AnyAsync(DocumentQuery query, CancellationToken cancellationToken = default) =>
        Bounded(CountAsync(query, cancellationToken), cancellationToken);

    private async Task<bool> CountAsync(DocumentQuery query, CancellationToken cancellationToken)
    {
        await using var batch = database.CreateBatch();
        batch.BatchCommands.Add(query.CountCommand());
        return (long)(await batch.ExecuteScalarAsync(cancellationToken) ?? 0L) > 0;
    }
}
