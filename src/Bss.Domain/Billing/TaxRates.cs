namespace Bss.Domain.Billing;

public static class TaxRates
{
    /// <summary>Polish standard VAT, the rate of a product that names none.</summary>
    public const decimal Default = 0.23m;

    public static string? Check(decimal? rate) =>
        rate is not { } r ? null
        : r is < 0 or > 1 ? "must be a fraction from 0 to 1 (0.23 for 23%)"
        : r != Math.Round(r, 4) ? "must have at most 4 decimals"
        : null;
}
