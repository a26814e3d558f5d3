using System.Text.Json;
using System.Text.Json.Serialization;
using Bss.Domain.Common;

namespace Bss.Domain.Services;

/// <summary>
/// Wire codes and display names of an enum whose contract codes cannot all come from C# names through
/// <see cref="EnumText"/> ("4G", "IoT", "VPN" shown as "VPN"): the listed values use the table, the rest EnumText.
/// </summary>
public sealed class ContractCodes<TEnum> where TEnum : struct, Enum
{
    private readonly Dictionary<TEnum, (string Code, string Display)> _byValue;

    public ContractCodes(IReadOnlyDictionary<TEnum, (string Code, string Display)> overrides)
    {
        _byValue = Enum.GetValues<TEnum>().ToDictionary(
            v => v,
            v => overrides.TryGetValue(v, out var names) ? names : (EnumText.Code(v), EnumText.Display(v)));
    }

    public string Code(TEnum value) => _byValue[value].Code;

    public string Display(TEnum value) => _byValue[value].Display;

    public string AllowedCodes => string.Join(", ", _byValue.Values.Select(n => n.Code));

    /// <summary>Exact code first ("IoT"), then case-insensitively ("IOT", "fiber").</summary>
    public bool TryParse(string? code, out TEnum value)
    {
        var trimmed = code?.Trim();
        foreach (var comparison in new[] { StringComparison.Ordinal, StringComparison.OrdinalIgnoreCase })
        {
            foreach (var (candidate, names) in _byValue)
            {
                if (string.Equals(names.Code, trimmed, comparison))
                {
                    value = candidate;
                    return true;
                }
            }
        }

        value = default;
        return false;
    }
}

/// <summary>The codes of the service definition's enums, as the contract spells them.</summary>
public static class ServiceCodes
{
    public static readonly ContractCodes<ServiceType> Type = new(new Dictionary<ServiceType, (string, string)>
    {
        [ServiceType.IoT] = ("IoT", "IoT"),
        [ServiceType.Vpn] = ("VPN", "VPN"),
        [ServiceType.Cdn] = ("CDN", "CDN"),
    });

    public static readonly ContractCodes<ServiceCategory> Category = new(new Dictionary<ServiceCategory, (string, string)>());

    public static readonly ContractCodes<ServiceStatus> Status = new(new Dictionary<ServiceStatus, (string, string)>());

    public static readonly ContractCodes<ServiceTechnology> Technology = new(new Dictionary<ServiceTechnology, (string, string)>
    {
        [ServiceTechnology.Dsl] = ("DSL", "DSL"),
        [ServiceTechnology.FourG] = ("4G", "4G"),
        [ServiceTechnology.FiveG] = ("5G", "5G"),
        [ServiceTechnology.Wifi] = ("WIFI", "WiFi"),
        [ServiceTechnology.Voip] = ("VOIP", "VoIP"),
    });

    public static readonly ContractCodes<BillingCycle> BillingCycle = new(new Dictionary<BillingCycle, (string, string)>());

    public static readonly ContractCodes<SupportLevel> SupportLevel = new(new Dictionary<SupportLevel, (string, string)>());
}

/// <summary>Stores <see cref="ServiceType"/> in grain state JSON by its contract code, so SQL sees "IoT", not "IO_T".</summary>
public sealed class ServiceTypeJsonConverter : ContractCodeJsonConverter<ServiceType>
{
    public ServiceTypeJsonConverter() : base(ServiceCodes.Type) { }
}

/// <summary>Stores <see cref="ServiceTechnology"/> in grain state JSON by its contract code ("4G", not "FOUR_G").</summary>
public sealed class ServiceTechnologyJsonConverter : ContractCodeJsonConverter<ServiceTechnology>
{
    public ServiceTechnologyJsonConverter() : base(ServiceCodes.Technology) { }
}

public abstract class ContractCodeJsonConverter<TEnum>(ContractCodes<TEnum> codes) : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        codes.TryParse(reader.GetString(), out var value)
            ? value
            : throw new JsonException($"'{reader.GetString()}' is not one of {codes.AllowedCodes}.");

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
        writer.WriteStringValue(codes.Code(value));
}
