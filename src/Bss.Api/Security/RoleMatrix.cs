using Bss.Api.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bss.Api.Security;

/// <summary>
/// Who may call which route: the one role → route matrix. Every endpoint of the REST API is mapped inside
/// <see cref="Apply"/>'s group, whose convention looks the endpoint up here and attaches the policy of its level; an
/// endpoint the matrix does not place stops the silo at start-up, so a new route cannot be forgotten. The README's
/// table is this matrix written out (a test compares them).
/// </summary>
public static class RoleMatrix
{
    /// <summary>
    /// A family of routes under <c>/api/v1/{Path}</c> (and its <c>/api/{Path}</c> alias): what reading (GET), changing
    /// (POST, PUT, PATCH) and deleting need.
    /// </summary>
    public sealed record Family(string Path, Access Read, Access Change, Access Delete);

    /// <summary>One route whose need differs from its family's, and why.</summary>
    public sealed record Route(string Method, string Path, Access Access, string Why);

    public static IReadOnlyList<Family> Families { get; } =
    [
        new("customers", Access.Read, Access.Operate, Access.Administer),
        new("addresses", Access.Read, Access.Operate, Access.Administer),
        new("orders", Access.Read, Access.Operate, Access.Administer),
        new("subscriptions", Access.Read, Access.Operate, Access.Administer),
        new("assets", Access.Read, Access.Operate, Access.Administer),
        new("payments", Access.Read, Access.Operate, Access.Administer),
        new("products", Access.Read, Access.Manage, Access.Administer),
        new("services", Access.Read, Access.Manage, Access.Administer),
        new("invoices", Access.Read, Access.Manage, Access.Administer),
        new("billing", Access.Read, Access.Manage, Access.Administer),
        new("audit", Access.Manage, Access.Everything, Access.Everything),
    ];

    public static IReadOnlyList<Route> Routes { get; } =
    [
        new("POST", "services/activations", Access.Operate, "activating a service for a customer is day-to-day work"),
        new("POST", "services/activations/{id}/deactivate", Access.Operate, "as activating"),
        new("POST", "services/check-eligibility", Access.Read, "answers a question, changes nothing"),
        new("POST", "invoices/preview", Access.Read, "computes what a run would bill, stores nothing"),
        new("POST", "billing/usage-records", Access.Operate, "usage is recorded as it happens, like orders"),
        new("DELETE", "orders/{id}/items/{itemId}", Access.Operate, "removing an item of a PENDING order is day-to-day work, like adding one"),
    ];

    /// <summary>A refund takes money back: a payment's status change to REFUNDED needs MANAGER.</summary>
    public static Condition Refund { get; } =
        new("PUT", "payments/{id}/status", "paymentStatus", "REFUNDED", Access.Manage, "a refund takes money back");

    public static IReadOnlyList<Condition> Conditions { get; } = [Refund];

    /// <summary>The policy name of an access level.</summary>
    public static string Policy(Access access) => "bss:" + access;

    /// <summary>
    /// Maps the REST API inside a group whose convention places every endpoint in the matrix (see the class summary).
    /// </summary>
    public static IEndpointRouteBuilder Apply(this IEndpointRouteBuilder routes, Action<IEndpointRouteBuilder> map)
    {
        var api = routes.MapGroup("");
        // Finally: runs once the endpoint's own conventions have added their metadata (its HTTP method among them).
        ((IEndpointConventionBuilder)api).Finally(endpoint =>
        {
            if (endpoint is not RouteEndpointBuilder route)
            {
                return;
            }

            var methods = endpoint.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault()?.HttpMethods ?? [];
            var pattern = route.RoutePattern.RawText ?? "";
            if (methods.Count != 1)
            {
                throw new InvalidOperationException($"Route {pattern} must answer exactly one HTTP method to be placed in the role matrix.");
            }

            var access = For(methods[0], pattern)
                         ?? throw new InvalidOperationException(
                             $"{methods[0]} {pattern} is not in the role matrix (Bss.Api.Security.RoleMatrix): add its family or route.");
            endpoint.Metadata.Add(new AuthorizeAttribute(Policy(access)));
            endpoint.Metadata.Add(new RequiredAccess(access));
        });
        map(api);
        return routes;
    }

    /// <summary>The access <paramref name="method"/> on <paramref name="routePattern"/> needs, or null when the matrix does not place it.</summary>
    public static Access? For(string method, string routePattern)
    {
        var path = RelativePath(routePattern);
        if (path is null)
        {
            return null;
        }

        foreach (var route in Routes)
        {
            if (string.Equals(route.Method, method, StringComparison.OrdinalIgnoreCase) && route.Path == path)
            {
                return route.Access;
            }
        }

        var family = Families
            .Where(f => path == f.Path || path.StartsWith(f.Path + "/", StringComparison.Ordinal))
            .MaxBy(f => f.Path.Length);
        if (family is null)
        {
            return null;
        }

        return method.ToUpperInvariant() switch
        {
            "GET" or "HEAD" => family.Read,
            "DELETE" => family.Delete,
            "POST" or "PUT" or "PATCH" => family.Change,
            _ => null,
        };
    }

    /// <summary><c>/api/v1/customers/{id}/</c> and <c>/api/customers/{id}</c> are both <c>customers/{id}</c>.</summary>
    private static string? RelativePath(string routePattern)
    {
        var path = routePattern.TrimEnd('/');
        foreach (var prefix in (string[])["/api/v1/", "/api/"])
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal))
            {
                return path[prefix.Length..];
            }
        }

        return null;
    }
}

/// <summary>The matrix's level of an endpoint, kept in its metadata for error messages and the OpenAPI document.</summary>
public sealed record RequiredAccess(Access Access);

/// <summary>
/// A need that depends on the request's content, checked by the endpoint that reads that content (the route alone
/// grants less). Listed in the matrix so the README shows it.
/// </summary>
public sealed record Condition(string Method, string Path, string Field, string Value, Access Access, string Why)
{
    /// <summary>Null when the caller has the access; otherwise the 403 answer naming the field.</summary>
    public ApiResponse? Check(HttpContext http) =>
        http.User.IsInAnyRole(Roles.Granting(Access))
            ? null
            : ApiResponse.Problem(ApiProblem.Create(http, StatusCodes.Status403Forbidden, "FORBIDDEN", "Forbidden",
                $"{Field} {Value}: needs the role {Roles.Lowest(Access)} or above ({Why}).",
                new Dictionary<string, string[]> { [Field] = [$"needs the role {Roles.Lowest(Access)} or above"] }));
}
