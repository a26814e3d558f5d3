using Bss.Abstractions.Common;

namespace Bss.Abstractions.Audit;

/// <summary>Reads the audit trail (dev/postgres/012-audit.postgres.sql): who changed which entity, when and how.</summary>
public interface IAuditQueryGrain : IGrainWithIntegerKey
{
    Task<Page<AuditEntry>> SearchAsync(AuditSearch search, CancellationToken cancellationToken = default);
}

/// <summary>Filters of an audit list; every one is optional. <see cref="From"/> is included, <see cref="Before"/> is not.</summary>
[GenerateSerializer, Immutable]
public sealed record AuditSearch(
    [property: Id(0)] PageRequest Page,
    [property: Id(1)] string? EntityType,
    [property: Id(2)] Guid? EntityId,
    [property: Id(3)] string? Actor,
    [property: Id(4)] DateTimeOffset? From,
    [property: Id(5)] DateTimeOffset? Before);

/// <summary>
/// One change of one entity. <see cref="Changes"/> is the JSON object <c>{field: {"before": x, "after": y}}</c> of the
/// fields that changed, personal fields masked, as text (it is passed through, never interpreted).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AuditEntry(
    [property: Id(0)] long Id,
    [property: Id(1)] DateTimeOffset OccurredAt,
    [property: Id(2)] string Actor,
    [property: Id(3)] string EntityType,
    [property: Id(4)] Guid? EntityId,
    [property: Id(5)] int Version,
    [property: Id(6)] string Action,
    [property: Id(7)] string Changes);

public static class AuditSortFields
{
    /// <summary>Fields an audit list may be sorted by (API names); newest first unless asked otherwise.</summary>
    public static readonly IReadOnlyList<string> All = ["occurredAt", "actor", "entityType"];
}
