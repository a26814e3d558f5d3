namespace Bss.Domain.Common;

/// <summary>
/// Money is decimal with a currency; amounts have at most 2 decimals and every rounding in the product happens
/// here: half away from zero, to the cent.
/// </summary>
public static class Money
{
    public const string DefaultCurrency = "PLN";

    public static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>Null when acceptable, otherwise the reason.</summary>
    public static string? Check(decimal? amount, decimal min, decimal max = 999_999_999.99m, bool required = true)
    {
        if (amount is not { } value)
        {
            return required ? "is required" : null;
        }

        if (value < min || value > max)
        {
            return $"must be between {min} and {max}";
        }

        return value != Round(value) ? "must have at most 2 decimals" : null;
    }

    /// <summary>ISO 4217 shape: three upper-case letters. Absent means the default currency.</summary>
    public static string? CheckCurrency(string? currency) =>
        currency is null || (currency.Length == 3 && currency.All(char.IsAsciiLetterUpper))
            ? null
            : "must be a 3-letter ISO currency code such as PLN";

    public static string CurrencyOrDefault(string? currency) => TextRules.Normalize(currency)?.ToUpperInvariant() ?? DefaultCurrency;
}
