using System.Globalization;
using Bss.Domain.Common;
using Microsoft.AspNetCore.Http;

namespace Bss.Api.Http;

/// <summary>List filters from the query string; every bad value is reported under its parameter name.</summary>
public static class QueryParameters
{
    public static TEnum? Enum<TEnum>(HttpContext http, string name, FieldErrors errors) where TEnum : struct, System.Enum =>
        Enum<TEnum>(http.Request.Query[name].ToString(), name, errors);

    /// <summary>An enum code from any source (e.g. a body field); blank is absent, an unknown code is reported under <paramref name="name"/>.</summary>
    public static TEnum? Enum<TEnum>(string? raw, string name, FieldErrors errors) where TEnum : struct, System.Enum
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (EnumText.TryParse<TEnum>(raw, out var value))
        {
            return value;
        }

        errors.Add(name, $"must be one of {EnumText.AllowedCodes<TEnum>()}");
        return null;
    }

    public static Guid? Id(HttpContext http, string name, FieldErrors errors) =>
        Id(http.Request.Query[name].ToString(), name, errors);

    /// <summary>A UUID from any source (e.g. a body field); blank is absent, a malformed one is reported under <paramref name="name"/>.</summary>
    public static Guid? Id(string? raw, string name, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (Guid.TryParse(raw, out var id))
        {
            return id;
        }

        errors.Add(name, "must be a UUID");
        return null;
    }

    public static DateOnly? Date(HttpContext http, string name, FieldErrors errors)
    {
        var raw = http.Request.Query[name].ToString();
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(name, "must be a date as yyyy-MM-dd");
        return null;
    }

    public static bool? Flag(HttpContext http, string name, FieldErrors errors)
    {
        var raw = http.Request.Query[name].ToString();
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (bool.TryParse(raw, out var flag))
        {
            return flag;
        }

        errors.Add(name, "must be true or false");
        return null;
    }

    public static int? WholeNumber(HttpContext http, string name, int min, int max, FieldErrors errors)
    {
        var raw = http.Request.Query[name].ToString();
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(name, $"must be a whole number from {min} to {max}");
        return null;
    }

    /// <summary>
    /// The shortest search the read side serves: its search index is of trigrams (three-character pieces), so a
    /// shorter term cannot use it and would scan and count every entity of the kind.
    /// </summary>
    public const int MinSearchLength = 3;

    public static string? SearchTerm(HttpContext http, FieldErrors errors, string name = "searchTerm")
    {
        var raw = http.Request.Query[name].ToString();
        if (raw.Length > 100)
        {
            errors.Add(name, "must be at most 100 characters");
            return null;
        }

        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (raw.Trim().Length < MinSearchLength)
        {
            errors.Add(name, $"must be at least {MinSearchLength} characters (or absent)");
            return null;
        }

        return raw;
    }
}
