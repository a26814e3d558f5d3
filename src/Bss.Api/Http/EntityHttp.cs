using Bss.Domain.Common;
using Microsoft.AspNetCore.Http;

namespace Bss.Api.Http;

/// <summary>The pieces every resource's endpoints share: ids, versions, answers.</summary>
public static class EntityHttp
{
    public static ApiResponse? ParseId(HttpContext http, string raw, out Guid id) =>
        Guid.TryParse(raw, out id) ? null : ApiResponse.Problem(ApiProblem.Validation(http, "id", "must be a UUID"));

    /// <summary>A body may repeat the id; if it does, it must be the one in the path.</summary>
    public static ApiResponse? CheckBodyId(HttpContext http, string? bodyId, Guid routeId) =>
        string.IsNullOrWhiteSpace(bodyId) || (Guid.TryParse(bodyId, out var parsed) && parsed == routeId)
            ? null
            : ApiResponse.Problem(ApiProblem.Validation(http, "id", "must match the id in the path"));

    public static ApiResponse NotFound(HttpContext http, string what, Guid id) =>
        ApiResponse.Problem(ApiProblem.Create(http, StatusCodes.Status404NotFound, "NOT_FOUND", "Not found", $"{what} {id} was not found."));

    /// <summary>A read: 200 with the ETag, or 404.</summary>
    public static ApiResponse Found<TView, TResponse>(HttpContext http, string what, Guid id, TView? view,
        Func<TView, TResponse> map, Func<TView, int> version) where TView : class =>
        view is null ? NotFound(http, what, id) : ApiResponse.Ok(map(view), version(view));

    /// <summary>A command's answer: 200 with the new state and ETag, or the problem the rules reported.</summary>
    public static ApiResponse Answer<TView, TResponse>(HttpContext http, Result<TView> result,
        Func<TView, TResponse> map, Func<TView, int> version, bool versionFromIfMatch) =>
        result.IsSuccess
            ? ApiResponse.Ok(map(result.Value), version(result.Value))
            : ApiResponse.Problem(ApiProblem.From(http, result.Error, versionFromIfMatch));

    /// <summary>A create's answer: 201 with Location and ETag, or the problem.</summary>
    public static ApiResponse Created<TView, TResponse>(HttpContext http, Result<TView> result, string location,
        Func<TView, TResponse> map, Func<TView, int> version) =>
        result.IsSuccess
            ? ApiResponse.Created(map(result.Value), location, version(result.Value))
            : ApiResponse.Problem(ApiProblem.From(http, result.Error));

    /// <summary>
    /// A create keyed by an Idempotency-Key: 201 with Location and ETag of the entity as it stands now, marked
    /// <c>Idempotent-Replayed</c> when an earlier request with the key made it; or the problem.
    /// </summary>
    public static ApiResponse Created<TView, TResponse>(HttpContext http, Result<Created<TView>> result, string location,
        Func<TView, TResponse> map, Func<TView, int> version)
    {
        if (result.IsSuccess && result.Value.Replayed)
        {
            http.Response.Headers[Idempotency.ReplayedHeader] = "true";
        }

        return Created(http, result.Map(created => created.View), location, map, version);
    }

    public static ApiResponse Deleted<TView>(HttpContext http, Result<TView> result, bool versionFromIfMatch) =>
        result.IsSuccess ? ApiResponse.NoContent() : ApiResponse.Problem(ApiProblem.From(http, result.Error, versionFromIfMatch));

    /// <summary>The version a PUT must carry (body or If-Match); a problem when it is missing or malformed.</summary>
    public static (int Version, bool FromIfMatch, ApiResponse? Problem) RequiredVersion(HttpContext http, int? fromBody)
    {
        var expected = Concurrency.Read(http, fromBody);
        if (expected.Problem is not null)
        {
            return (0, false, ApiResponse.Problem(expected.Problem));
        }

        return expected.Version is { } version
            ? (version, expected.FromIfMatch, null)
            : (0, false, ApiResponse.Problem(ApiProblem.Validation(http, "version",
                "is required: send the version you read (or an If-Match header with the ETag)")));
    }

    /// <summary>The version a status change or delete may carry; absent means "whatever is current".</summary>
    public static (int? Version, bool FromIfMatch, ApiResponse? Problem) OptionalVersion(HttpContext http, int? fromBodyOrQuery)
    {
        var expected = Concurrency.Read(http, fromBodyOrQuery);
        return expected.Problem is not null
            ? (null, false, ApiResponse.Problem(expected.Problem))
            : (expected.Version, expected.FromIfMatch, null);
    }

    /// <summary>
    /// A command on one entity (renew, change plan, …): the id in the path (which the body may repeat) and the version it
    /// may carry (body or If-Match). A problem when either is malformed.
    /// </summary>
    public static ApiResponse? ParseCommand(HttpContext http, string id, string? bodyId, int? bodyVersion,
        out Guid entityId, out int? version, out bool versionFromIfMatch)
    {
        (version, versionFromIfMatch) = (null, false);
        if ((ParseId(http, id, out entityId) ?? CheckBodyId(http, bodyId, entityId)) is { } invalid)
        {
            return invalid;
        }

        (version, versionFromIfMatch, var problem) = OptionalVersion(http, bodyVersion);
        return problem;
    }

    /// <summary>
    /// PUT …/{id}/status: the id (and the body's copy of it), a status of the machine, a version (optional unless
    /// <paramref name="versionRequired"/>: money's status changes must name the state they were decided on), one grain
    /// call that names the business action, and its answer.
    /// </summary>
    public static async Task<ApiResponse> ChangeStatusAsync<TStatus, TView, TResponse>(HttpContext http, string id, string? bodyId,
        string? status, int? bodyVersion, Func<Guid, TStatus, int?, Task<Result<TView>>> change,
        Func<TView, TResponse> map, Func<TView, int> version, string statusField = "status", bool versionRequired = false)
        where TStatus : struct, Enum
    {
        if ((ParseId(http, id, out var entityId) ?? CheckBodyId(http, bodyId, entityId)) is { } invalid)
        {
            return invalid;
        }

        if (!EnumText.TryParse<TStatus>(status, out var target))
        {
            return ApiResponse.Problem(ApiProblem.Validation(http, statusField,
                status is null ? "is required" : $"must be one of {EnumText.AllowedCodes<TStatus>()}"));
        }

        var (expected, fromIfMatch, problem) = versionRequired ? RequiredVersion(http, bodyVersion) : OptionalVersion(http, bodyVersion);
        return problem ?? Answer(http, await change(entityId, target, expected), map, version, fromIfMatch);
    }

    /// <summary>DELETE …/{id}: an optional version (query or If-Match), one grain call, 204.</summary>
    public static async Task<ApiResponse> DeleteAsync<TView>(HttpContext http, string id, int? queryVersion,
        Func<Guid, int?, Task<Result<TView>>> delete)
    {
        if (ParseId(http, id, out var entityId) is { } invalid)
        {
            return invalid;
        }

        var (expected, fromIfMatch, problem) = OptionalVersion(http, queryVersion);
        return problem ?? Deleted(http, await delete(entityId, expected), fromIfMatch);
    }
}
