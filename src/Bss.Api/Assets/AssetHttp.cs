using Bss.Abstractions.Common;
using Bss.Api.Http;
using Bss.Domain.Common;
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
    public static (PageRequest Page, int Days) ExpiryWindow(HttpContext http, IReadOnlyList<string> sortFields, string dateField, FieldErrors errors)
    {
        var page = Paging.Parse(http, sortFields, errors);
        if (string.IsNullOrWhiteSpace(http.Request.Query["sort"]))
        {
            page = page with { SortField = dateField, Descending = false };
        }

        return (page, QueryParameters.WholeNumber(http, "days", 1, 3650, errors) ?? 30);
    }

    public static IResult Invalid(HttpContext http, FieldErrors errors) =>
        ApiResponse.Problem(ApiProblem.Validation(http, errors.ToDictionary())).ToResult();
}
