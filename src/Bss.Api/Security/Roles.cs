namespace Bss.Api.Security;

/// <summary>The realm roles of the frontend's identity provider, as they arrive in a token.</summary>
public static class Roles
{
    public const string SuperAdmin = "SUPER_ADMIN";
    public const string Admin = "ADMIN";
    public const string Manager = "MANAGER";
    public const string Operator = "OPERATOR";
    public const string Analyst = "ANALYST";
    public const string Viewer = "VIEWER";

    /// <summary>The roles that grant <paramref name="access"/>: each level includes every level below it.</summary>
    public static IReadOnlyList<string> Granting(Access access) => access switch
    {
        Access.Read => [Viewer, Analyst, Operator, Manager, Admin, SuperAdmin],
        Access.Operate => [Operator, Manager, Admin, SuperAdmin],
        Access.Manage => [Manager, Admin, SuperAdmin],
        Access.Administer => [Admin, SuperAdmin],
        Access.Everything => [SuperAdmin],
        _ => throw new ArgumentOutOfRangeException(nameof(access), access, null),
    };

    /// <summary>The lowest role that grants <paramref name="access"/>, as the matrix and error messages name it.</summary>
    public static string Lowest(Access access) => access == Access.Read ? $"{Viewer} or {Analyst}" : Granting(access)[0];
}

/// <summary>What a route needs of its caller. Roles grant levels cumulatively (see <see cref="Roles.Granting"/>).</summary>
public enum Access
{
    /// <summary>Reads: VIEWER, ANALYST and above.</summary>
    Read,

    /// <summary>Day-to-day changes (customers, orders, subscriptions, payments …): OPERATOR and above.</summary>
    Operate,

    /// <summary>The catalog, invoices, refunds, billing, price overrides and the audit trail: MANAGER and above.</summary>
    Manage,

    /// <summary>Deletes and the Orleans dashboard: ADMIN and above.</summary>
    Administer,

    /// <summary>SUPER_ADMIN only.</summary>
    Everything,
}
