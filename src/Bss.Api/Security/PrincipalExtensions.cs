using System.Security.Claims;

namespace Bss.Api.Security;

public static class PrincipalExtensions
{
    public static bool IsInAnyRole(this ClaimsPrincipal user, IEnumerable<string> roles) => roles.Any(user.IsInRole);

    /// <summary>The name a change is recorded under: the token's <c>preferred_username</c>, else its <c>sub</c>.</summary>
    public static string? ActorName(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
            ? user.FindFirst("preferred_username")?.Value is { Length: > 0 } name ? name : user.FindFirst("sub")?.Value
            : null;

    /// <summary>The caller's stable identity (the token's <c>sub</c>), which scopes what a caller may replay.</summary>
    public static string? Subject(this ClaimsPrincipal user) => user.FindFirst("sub")?.Value;
}
