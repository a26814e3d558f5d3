using System.Globalization;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Bss.Api.Http;

/// <summary>
/// The wire format: camelCase, enums as UPPER_SNAKE strings, timestamps in UTC with a Z, and absent optional fields
/// left out. The frontend's Zod schemas declare optional fields <c>.optional()</c>, which accepts a missing field and
/// rejects <c>null</c>; only a field declared <c>.optional().nullable()</c> there is marked
/// <see cref="NullableInContractAttribute"/> here and written as <c>null</c> when it has no value.
/// </summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>"TypeName.jsonName" of every property marked <see cref="NullableInContractAttribute"/> (the OpenAPI document keeps null for them only).</summary>
    public static IReadOnlySet<string> NullableFields { get; } = typeof(ApiJson).Assembly.GetTypes()
        .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.IsDefined(typeof(NullableInContractAttribute)))
            .Select(p => $"{t.Name}.{JsonNamingPolicy.CamelCase.ConvertName(p.Name)}"))
        .ToHashSet(StringComparer.Ordinal);

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        // Writing only: a request may still send null for an optional field (it counts as absent).
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(WriteNullWhereTheContractAllowsIt);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper, allowIntegerValues: false));
        options.Converters.Add(new UtcTimestampConverter());
        return options;
    }

    /// <summary>A property the contract declares nullable is always written, as null when it has no value.</summary>
    private static void WriteNullWhereTheContractAllowsIt(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var property in type.Properties)
        {
            if (property.AttributeProvider?.IsDefined(typeof(NullableInContractAttribute), inherit: false) == true)
            {
                property.ShouldSerialize = static (_, _) => true;
            }
        }
    }

    private sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// A response field the frontend's schema declares <c>.optional().nullable()</c>: written as <c>null</c> when it has no
/// value, where every other field without a value is left out (see <see cref="ApiJson"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NullableInContractAttribute : Attribute;
