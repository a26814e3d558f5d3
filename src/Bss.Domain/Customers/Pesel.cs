namespace Bss.Domain.Customers;

/// <summary>The Polish national identification number: 11 digits, the last one a checksum.</summary>
public static class Pesel
{
    private static readonly int[] Weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];

    /// <summary>Null when acceptable, otherwise the reason.</summary>
    public static string? Check(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length != 11 || !value.All(char.IsAsciiDigit))
        {
            return "must be exactly 11 digits";
        }

        var sum = 0;
        for (var i = 0; i < Weights.Length; i++)
        {
            sum += (value[i] - '0') * Weights[i];
        }

        var control = (10 - sum % 10) % 10;
        return control == value[10] - '0' ? null : "has an invalid checksum";
    }
}
