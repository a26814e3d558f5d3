using System.Text;
using Bss.Abstractions.Common;
using Npgsql;
using NpgsqlTypes;

namespace Bss.ReadSide.Lists;

/// <summary>Filters of an audit list; every one is optional. <see cref="From"/> is included, <see cref="Before"/> is not.</summary>
public sealed record AuditSearch(PageRequest Page, string? EntityType, Guid? EntityId, string? Actor, DateTimeOffset? From, DateTimeOffset? Before);

/// <summary>
/// One change of one entity. <see cref="Changes"/> is the JSON object <c>{field: {"before": x, "after": y}}</c> of the
/// fields that changed, personal fields masked, as text (it is passed through, never interpreted).
/// </summary>
public sealed record AuditEntry(long Id, DateTimeOffset OccurredAt, string Actor, string EntityType, Guid? EntityId, int Version, string Action, string Changes);

/// <summary>Pages through the audit trail (dev/postgres/012-audit.postgres.sql): its own table, not the read table of the kinds.</summary>
public static class AuditTrail
{
    /// <summary>Fields an audit list may be sorted by (API names); newest first unless asked otherwise.</summary>
    public static readonly IReadOnlyList<string> SortFields = ["occurredAt", "actor", "entityType"];

    // Ties (one statement writes several rows with one occurred_at) are broken by id, so pages never overlap.
    private static readonly Dictionary<string, string> Sorts = new(StringComparer.Ordinal)
    {
        ["occurredAt"] = "occurred_at",
        ["actor"] = "actor",
        ["entityType"] = "entity_type",
    };

    public static Task<Page<AuditEntry>> SearchAuditAsync(this ListService lists, AuditSearch search, CancellationToken cancellationToken = default) =>
        ListService.Bounded(ReadAsync(lists.Database, search, cancellationToken), cancellationToken);

    private static async Task<Page<AuditEntry>> ReadAsync(NpgsqlDataSource database, AuditSearch search, CancellationToken cancellationToken)
    {
        var where = new StringBuilder("TRUE");
        var parameters = new List<NpgsqlParameter>();
        void Where(string column, string op, object? value, NpgsqlDbType type)
        {
            if (value is null)
            {
                return;
            }

            var name = "p" + parameters.Count;
            where.Append(" AND ").Append(column).Append(' ').Append(op).Append(" @").Append(name);
            parameters.Add(new NpgsqlParameter(name, type) { Value = value });
        }

        Where("entity_type", "=", search.EntityType, NpgsqlDbType.Text);
        Where("entity_id", "=", search.EntityId, NpgsqlDbType.Uuid);
        Where("actor", "=", search.Actor, NpgsqlDbType.Text);
        Where("occurred_at", ">=", search.From, NpgsqlDbType.TimestampTz);
        Where("occurred_at", "<", search.Before, NpgsqlDbType.TimestampTz);

        var page = search.Page;
        // The API's default sort field is createdAt: for the trail that is when the change occurred.
        var sort = Sorts.GetValueOrDefault(page.SortField, "occurred_at");
        var direction = page.Descending ? "DESC" : "ASC";

        await using var batch = database.CreateBatch();
        batch.BatchCommands.Add(Command($"SELECT count(*) FROM audit.audit_log WHERE {where}", parameters));
        var select = Command(
            $"SELECT id, occurred_at, actor, entity_type, entity_id, version, action, changes::text FROM audit.audit_log " +
            $"WHERE {where} ORDER BY {sort} {direction}, id {direction} LIMIT @limit OFFSET @offset", parameters);
        select.Parameters.Add(new NpgsqlParameter<int>("limit", page.Size));
        select.Parameters.Add(new NpgsqlParameter<long>("offset", (long)page.PageNumber * page.Size));
        batch.BatchCommands.Add(select);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var total = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken);
        var items = new List<AuditEntry>(page.Size);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new AuditEntry(
                reader.GetInt64(0),
                reader.GetFieldValue<DateTimeOffset>(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetGuid(4),
                reader.GetInt32(5),
                reader.GetString(6),
                reader.GetString(7)));
        }

        return new Page<AuditEntry>(items, page.PageNumber, page.Size, total);
    }

    private static NpgsqlBatchCommand Command(string sql, List<NpgsqlParameter> parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter.Clone());
        }

        return command;
    }
}
