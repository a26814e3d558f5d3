using Bss.Abstractions.Common;
using Bss.Api.Http;
using Bss.Domain.Common;
using Bss.ReadSide.Lists;
using Microsoft.AspNetCore.Http;

namespace Bss.Api.Assets;

/// <summary>HTTP pieces devices and SIM cards share: the customer id an assignment names, list parameters, status bodies.</summary>
internal static class AssetHttp
{
    /// <summary>A customer id from a body or path, reported under <paramref name="field"/>.</summary>
    public static ApiResponse? ParseCustomerId(HttpContext http, string? raw, out Guid customerId, string field = "customerId")
    {
        customerId = Guid.Empty;
        var problem = string.IsNullOrWhiteSpace(raw) ? "is required"
            : Guid.TryParse(raw, out customerId) ? null
            : "must be a UUID";
        return problem is null ? null : ApiResponse.Problem(ApiProblem.Validation(http, field, problem));
    }

    /// <summary>The status a PUT /{id}/status body names, as an enum; a problem listing the allowed codes otherwise.</summary>
    public static ApiResponse? ParseStatus<TStatus>(HttpContext http, string? raw, out TStatus status) where TStatus : struct, Enum =>
        EnumText.TryParse(raw, out status)
            ? null
            : ApiResponse.Problem(ApiProblem.Validation(http, "status",
                raw is null ? "is required" : $"must be one of {EnumText.AllowedCodes<TStatus>()}"));

    /// <summary>
    /// Paging for an expiry list and its window in days (default 30). Without an explicit sort, the soonest
    /// expiry comes first.
    /// </summary>
    public static ExpiringSearch ExpiryWindow(HttpContext http, IReadOnlyList<string> sortFields, string dateField, TimeProvider time, FieldErrors errors)
    {
        var page = Paging.Parse(http, sortFields, errors);
        if (string.IsNullOrWhiteSpace(http.Request.Query["sort"]))
        {
            page = page with { SortField = dateField, Descending = false };
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return new ExpiringSearch(page, today, QueryParameters.WholeNumber(http, "days", 1, 3650, errors) ?? 30);
    }

    public static IResult Invalid(HttpContext http, FieldErrors errors) =>
        ApiResponse.Problem(ApiProblem.Validation(http, errors.ToDictionary())).ToResult();

    public static async Task<IResult> GetAsync<TView, TResponse>(HttpContext http, string what, string id,
        Func<Guid, Task<TView?>> read, Func<TView, TResponse> map, Func<TView, int> version) where TView : class
    {
        if (EntityHttp.ParseId(http, id, out var entityId) is { } invalid)
        {
            return invalid.ToResult();
        }

        return EntityHttp.Found(http, what, entityId, await read(entityId), map, version).ToResult();
    }

    /// <summary>PUT /{id}: id in the path (and optionally the body), a required version, one grain call.</summary>
    public static async Task<IResult> UpdateAsync<TView, TResponse>(HttpContext http, string id, string? bodyId, int? bodyVersion,
        Func<Guid, int, Task<Result<TView>>> update, Func<TView, TResponse> map, Func<TView, int> version)
    {
        if ((EntityHttp.ParseId(http, id, out var entityId) ?? EntityHttp.CheckBodyId(http, bodyId, entityId)) is { } invalid)
        {
            return invalid.ToResult();
        }

        var (expected, fromIfMatch, problem) = EntityHttp.RequiredVersion(http, bodyVersion);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        return EntityHttp.Answer(http, await update(entityId, expected), map, version, fromIfMatch).ToResult();
    }

    /// <summary>PUT /{id}/status: a status of the machine, an optional version, one grain call.</summary>
    public static async Task<IResult> ChangeStatusAsync<TStatus, TView, TResponse>(HttpContext http, string id, ChangeAssetStatusRequest request,
        Func<Guid, TStatus, int?, Task<Result<TView>>> change, Func<TView, TResponse> map, Func<TView, int> version)
        where TStatus : struct, Enum =>
        (await EntityHttp.ChangeStatusAsync(http, id, request.Id, request.Status, request.Version, change, map, version)).ToResult();

    /// <summary>POST /{id}/assign: the customer id from the body, idempotent with a key, one grain call.</summary>
    public static async Task<IResult> AssignAsync<TRequest, TView, TResponse>(HttpContext http, IGrainFactory grains, string id,
        TRequest request, string? customerIdInBody, Func<Guid, Guid, Task<Result<TView>>> assign, Func<TView, TResponse> map,
        Func<TView, int> version)
    {
        var invalid = EntityHttp.ParseId(http, id, out var entityId);
        var badCustomer = ParseCustomerId(http, customerIdInBody, out var customerId);
        if ((invalid ?? badCustomer) is { } problem)
        {
            return problem.ToResult();
        }

        return await Idempotency.RunAsync(http, grains, request, async _ =>
            EntityHttp.Answer(http, await assign(entityId, customerId), map, version, versionFromIfMatch: false));
    }

    /// <summary>POST /{id}/release: an optional version (query or If-Match), idempotent with a key, one grain call.</summary>
    public static async Task<IResult> ReleaseAsync<TView, TResponse>(HttpContext http, IGrainFactory grains, string id, int? queryVersion,
        Func<Guid, int?, Task<Result<TView>>> release, Func<TView, TResponse> map, Func<TView, int> version)
    {
        if (EntityHttp.ParseId(http, id, out var entityId) is { } invalid)
        {
            return invalid.ToResult();
        }

        var (expected, fromIfMatch, problem) = EntityHttp.OptionalVersion(http, queryVersion);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        return await Idempotency.RunAsync(http, grains, new { version = expected }, async _ =>
            EntityHttp.Answer(http, await release(entityId, expected), map, version, fromIfMatch));
    }
}
