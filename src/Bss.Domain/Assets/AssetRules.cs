using Bss.Domain.Common;

namespace Bss.Domain.Assets;

/// <summary>Field checks devices and SIM cards share. Each returns null when the value is acceptable, else the reason.</summary>
public static class AssetRules
{
    public static string? EnumCode<TEnum>(string? code) where TEnum : struct, Enum =>
        code is null ? "is required"
        : EnumText.TryParse<TEnum>(code, out _) ? null
        : $"must be one of {EnumText.AllowedCodes<TEnum>()}";

    public static string? NotBefore(DateOnly? value, DateOnly? earliest, string earliestField) =>
        value is { } v && earliest is { } e && v < e ? $"must not be before {earliestField}" : null;

    public static string? NotNegative(long? value) => value is < 0 ? "must not be negative" : null;
}
