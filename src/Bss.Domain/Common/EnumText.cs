using System.Collections.Concurrent;
using System.Text;

namespace Bss.Domain.Common;

/// <summary>
/// The wire names of enums (UPPER_SNAKE, e.g. <c>TERMINATED</c>) and their display names ("Terminated"; an
/// acronym member names its own with <see cref="System.ComponentModel.DescriptionAttribute"/>, e.g. "TV").
/// One place, so every resource spells them the same way.
/// </summary>
public static class EnumText
{
    private static readonly ConcurrentDictionary<Enum, (string Code, string Display)> Cache = new();

    public static string Code<TEnum>(TEnum value) where TEnum : struct, Enum => Names(value).Code;

    public static string Display<TEnum>(TEnum value) where TEnum : struct, Enum => Names(value).Display;

    public static bool TryParse<TEnum>(string? code, out TEnum value) where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Code(candidate), code?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    public static string AllowedCodes<TEnum>() where TEnum : struct, Enum =>
        string.Join(", ", Enum.GetValues<TEnum>().Select(v => Code(v)));

    private static (string Code, string Display) Names(Enum value) => Cache.GetOrAdd(value, static v =>
    {
        var name = v.ToString();
        var code = new StringBuilder();
        var display = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i > 0 && char.IsUpper(c) && !char.IsUpper(name[i - 1]))
            {
                code.Append('_');
                display.Append(' ');
            }

            code.Append(char.ToUpperInvariant(c));
            display.Append(i == 0 || !char.IsUpper(c) ? c : char.ToLowerInvariant(c));
        }

        var described = v.GetType().GetField(name)?.GetCustomAttributes(typeof(System.ComponentModel.DescriptionAttribute), false)
            .OfType<System.ComponentModel.DescriptionAttribute>().FirstOrDefault();
        return (code.ToString(), described?.Description ?? display.ToString());
    });
}
