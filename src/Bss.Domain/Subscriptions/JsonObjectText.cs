using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bss.Domain.Subscriptions;

/// <summary>
/// A free-form JSON object held as compact text (so Orleans copies a string), written into state JSON as the object
/// itself and read back from any JSON value.
/// </summary>
public sealed class JsonObjectText : JsonConverter<string>
{
    public const int MaxLength = 16_000;

    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.GetRawText();
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value, skipInputValidation: false);

    /// <summary>Null when the text is absent or a JSON object of acceptable size, else the reason.</summary>
    public static string? Check(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (text.Length > MaxLength)
        {
            return $"must be at most {MaxLength} characters of JSON";
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object ? null : "must be a JSON object";
        }
        catch (JsonException)
        {
            return "must be a JSON object";
        }
    }
}
