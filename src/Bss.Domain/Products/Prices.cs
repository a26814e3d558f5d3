using System.Text.RegularExpressions;

namespace Bss.Domain.Products;

/// <summary>Money rules of the catalog and subscriptions: decimal amounts with at most 2 decimals, ISO currency codes.</summary>
public static partial class Prices
{
    public const string DefaultCurrency = "PLN";
    public const decimal Max = 999_999_999.99m;

    /// <summary>Null when acceptable, else the reason.</summary>
    public static string? Amount(decimal? amount, bool required = true, decimal min = 0m)
    {
        if (amount is not { } value)
        {
            return required ? "is required" : null;
        }

        if (value < min)
        {
            return $"must be at least {min.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        }

        if (value > Max)
        {
            return $"must be at most {Max.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        }

        return decimal.Round(value, 2) == value ? null : "must have at most 2 decimal places";
    }

    /// <summary>Upper-cased code, or the default when absent.</summary>
    public static string NormalizeCurrency(string? currency, string fallback = DefaultCurrency) =>
        Common.TextRules.Normalize(currency)?.ToUpperInvariant() ?? fallback;

    public static string? Currency(string? currency) =>
        currency is null || CurrencyShape().IsMatch(currency) ? null : "must be a 3-letter ISO 4217 code such as PLN";

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyShape();
}
