using System.Globalization;
using System.Text.Json;
using Bss.Api.Http;
using Bss.Domain.Common;
using Bss.ReadSide.Lists;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bss.Api.Audit;

/// <summary>The audit trail: every change of an entity's state, who made it, and the fields it changed.</summary>
public static class AuditEndpoints
{
    private const int MaxTextFilter = 256;

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder routes) =>
        routes.MapResource("audit", "Audit", alias: false, group =>
            group.MapGet("/", List).Produces<PageResponse<AuditEntryResponse>>());

    private static async Task<IResult> List(HttpContext http, ListService lists)
    {
        var errors = new FieldErrors();
        var page = Paging.Parse(http, AuditTrail.SortFields, errors);
        var entityType = Text(http, "entityType", errors);
        var entityId = QueryParameters.Id(http, "entityId", errors);
        var actor = Text(http, "actor", errors);
        var from = Instant(http, "from", endOfDay: false, errors);
        var before = Instant(http, "to", endOfDay: true, errors);
        if (from is { } start && before is { } end && start >= end)
        {
            errors.Add("to", "must be after from");
        }

        if (!errors.IsEmpty)
        {
            return ApiResponse.Problem(ApiProblem.Validation(http, errors.ToDictionary())).ToResult();
        }

        var found = await lists.SearchAuditAsync(new AuditSearch(page, entityType, entityId, actor, from, before), http.RequestAborted);
        return ApiResponse.Ok(Paging.Respond(found, AuditEntryResponse.From)).ToResult();
    }

    private static string? Text(HttpContext http, string name, FieldErrors errors)
    {
        var raw = http.Request.Query[name].ToString().Trim();
        if (raw.Length == 0)
        {
            return null;
        }

        if (raw.Length > MaxTextFilter)
        {
            errors.Add(name, $"must be at most {MaxTextFilter} characters");
            return null;
        }

        return raw;
    }

    /// <summary>
    /// A bound of the time window: a timestamp (ISO-8601; without an offset it is UTC), or a date (yyyy-MM-dd, UTC)
    /// meaning its start for <c>from</c> and its end for <c>to</c>. Answers the exclusive upper bound for <c>to</c>.
    /// A <c>+</c> of an offset must be sent encoded (%2B): a plain one is a space in a query string.
    /// </summary>
    private static DateTimeOffset? Instant(HttpContext http, string name, bool endOfDay, FieldErrors errors)
    {
        var raw = http.Request.Query[name].ToString().Trim();
        if (raw.Length == 0)
        {
            return null;
        }

        if (DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var start = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            // The end of the last representable day has no instant after it: no upper bound at all.
            return !endOfDay ? start : date == DateOnly.MaxValue ? null : start.AddDays(1);
        }

        if (raw.Contains('T', StringComparison.Ordinal) &&
            DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            // Records show their time to the millisecond (PostgreSQL keeps microseconds): a "to" copied from one
            // includes it, so it bounds the whole millisecond it names.
            var millisecond = instant.AddTicks(-(instant.Ticks % TimeSpan.TicksPerMillisecond));
            return !endOfDay ? instant
                : millisecond > DateTimeOffset.MaxValue.AddMilliseconds(-1) ? null
                : millisecond.AddMilliseconds(1);
        }

        errors.Add(name, "must be a timestamp (e.g. 2026-12-06T10:15:00Z) or a date as yyyy-MM-dd");
        return null;
    }
}

/// <summary>One audit record as the API shows it; <c>changes</c> is <c>{field: {before, after}}</c>, personal fields masked.</summary>
public sealed record AuditEntryResponse(
    long Id,
    DateTimeOffset OccurredAt,
    string Actor,
    string EntityType,
    Guid? EntityId,
    int Version,
    string Action,
    JsonElement Changes)
{
    public static AuditEntryResponse From(AuditEntry entry)
    {
        using var changes = JsonDocument.Parse(entry.Changes);
        return new AuditEntryResponse(entry.Id, entry.OccurredAt, entry.Actor, entry.EntityType, entry.EntityId, entry.Version,
            entry.Action, changes.RootElement.Clone());
    }
}
