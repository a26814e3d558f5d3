using System.Net.Mail;
using System.Text.RegularExpressions;

namespace Bss.Domain.Common;

/// <summary>Reusable field checks. Each returns null when the value is acceptable, else the reason.</summary>
public static partial class TextRules
{
    /// <summary>Empty strings count as absent for optional fields.</summary>
    public static string? Normalize(string? value)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }

    public static string? Length(string? value, int min, int max, bool required = true)
    {
        if (value is null)
        {
            return required ? "is required" : null;
        }

        return value.Length < min || value.Length > max
            ? $"must be between {min} and {max} characters"
            : null;
    }

    public static string? Email(string? value)
    {
        if (value is null)
        {
            return "is required";
        }

        if (value.Length > 254 || !EmailShape().IsMatch(value) || !MailAddress.TryCreate(value, out _))
        {
            return "must be a valid email address";
        }

        return null;
    }

    public static string? Phone(string? value) =>
        value is null || PhoneShape().IsMatch(value) ? null : "must be an E.164 phone number (+ and up to 15 digits)";

    public static string? Digits(string? value, int count) =>
        value is null || (value.Length == count && value.All(char.IsAsciiDigit)) ? null : $"must be exactly {count} digits";

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();

    [GeneratedRegex(@"^\+?[1-9]\d{1,14}$")]
    private static partial Regex PhoneShape();
}
