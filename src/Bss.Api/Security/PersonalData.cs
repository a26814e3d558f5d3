using Microsoft.AspNetCore.Http;

namespace Bss.Api.Security;

/// <summary>
/// Personal identifiers (PESEL, NIP, phone, e-mail) in full for OPERATOR and above, who work with customers;
/// masked for VIEWER and ANALYST, who read lists and figures. The audit trail masks them the same way in SQL.
/// </summary>
public static class PersonalData
{
    /// <summary>The level that sees personal identifiers in full and may search by them.</summary>
    public const Access FullAccess = Access.Operate;

    public static bool Visible(HttpContext http) => http.User.IsInAnyRole(Roles.Granting(FullAccess));

    /// <summary>An identifier keeps its first 4 and last character: <c>44051401359</c> → <c>4405******9</c>.</summary>
    public static string? Identifier(string? value) => Keep(value, 4, 1);

    /// <summary>A phone number keeps its first 3 and last 2 characters: <c>+48600100200</c> → <c>+48*******00</c>.</summary>
    public static string? Phone(string? value) => Keep(value, 3, 2);

    /// <summary>An e-mail keeps its first character and its domain: <c>jan@example.com</c> → <c>j***@example.com</c>.</summary>
    public static string? Email(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value;
        }

        var at = value.LastIndexOf('@');
        return at <= 0 ? Keep(value, 1, 0) : value[0] + "***" + value[at..];
    }

    private static string? Keep(string? value, int head, int tail)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value;
        }

        if (value.Length <= head + tail)
        {
            return new string('*', value.Length);
        }

        return value[..head] + new string('*', value.Length - head - tail) + value[^tail..];
    }
}
