using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bss.Api.Http;

public static class ResourceRoutes
{
    /// <summary>The error statuses every resource may answer, documented once for the OpenAPI description.</summary>
    private static readonly int[] DocumentedProblems = [400, 404, 409, 412, 422, 503];

    /// <summary>
    /// Maps a resource under its canonical <c>/api/v1/{name}</c>; with <paramref name="alias"/> also under
    /// <c>/api/{name}</c>, which the frontend calls for some families (the old backend's paths).
    /// </summary>
    public static IEndpointRouteBuilder MapResource(this IEndpointRouteBuilder routes, string name, string tag, bool alias,
        Action<RouteGroupBuilder> map)
    {
        var group = routes.MapGroup($"/api/v1/{name}").WithTags(tag);
        foreach (var status in DocumentedProblems)
        {
            group.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ApiProblem), ["application/problem+json"]));
        }

        map(group);
        if (alias)
        {
            map(routes.MapGroup($"/api/{name}").WithTags(tag).ExcludeFromDescription());
        }

        return routes;
    }
}

/// <summary>Counts by status for the frontend's dashboards (<c>GET /api/v1/{resource}/stats</c>).</summary>
public sealed record StatusStats(long Total, IReadOnlyDictionary<string, long> ByStatus);
