using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Bss.LoadRunner.Scenarios;

/// <summary>
/// What {{…}} placeholders resolve to: {{uuid}}, {{unique}}, {{tag}}, {{surname}}, a variable such as {{id}}, a field of this
/// VU's own record {{own.customer.version}}, or of a random shared record {{customer.lastName}} (one record per
/// request). The filter {{x|swap:A:B}} gives B when x is A, else A.
/// </summary>
internal sealed class TemplateContext(
    string tag,
    Func<string> unique,
    Func<string, JsonObject> pickShared,
    IReadOnlyDictionary<string, JsonObject>? own = null,
    IReadOnlyDictionary<string, string>? variables = null,
    Func<string>? surname = null)
{
    private readonly Dictionary<string, JsonObject> _picked = new(StringComparer.Ordinal);

    public string Resolve(string expression)
    {
        var parts = expression.Split('.');
        return expression switch
        {
            "uuid" => Guid.NewGuid().ToString(),
            "unique" => unique(),
            "tag" => tag,
            "surname" => surname?.Invoke() ?? throw Missing(expression),
            _ when parts.Length == 1 => variables?.GetValueOrDefault(expression) ?? throw Missing(expression),
            _ when parts[0] == "own" => Field(own?.GetValueOrDefault(parts[1]), parts.AsSpan(2), expression),
            _ => Field(Picked(parts[0]), parts.AsSpan(1), expression),
        };
    }

    private JsonObject Picked(string resource)
    {
        if (!_picked.TryGetValue(resource, out var record))
        {
            _picked[resource] = record = pickShared(resource);
        }

        return record;
    }

    private static string Field(JsonObject? record, ReadOnlySpan<string> path, string expression)
    {
        JsonNode? node = record ?? throw Missing(expression);
        foreach (var name in path)
        {
            node = node is JsonObject o ? o[name] : null;
        }

        return node switch
        {
            null => throw Missing(expression),
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => node.ToJsonString(),
        };
    }

    private static InvalidOperationException Missing(string expression) =>
        new($"template {{{{{expression}}}}} has no value");
}

internal static partial class Template
{
    public static string Render(string text, TemplateContext context) =>
        Placeholder().Replace(text, m =>
        {
            var value = context.Resolve(m.Groups["expr"].Value);
            return m.Groups["filter"].Success ? ApplyFilter(value, m.Groups["filter"].Value) : value;
        });

    /// <summary>A copy of a JSON template with every string rendered.</summary>
    public static JsonNode? Render(JsonNode? node, TemplateContext context) => node switch
    {
        null => null,
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Render(p.Value, context)))),
        JsonArray a => new JsonArray(a.Select(item => Render(item, context)).ToArray()),
        JsonValue v when v.TryGetValue<string>(out var s) => JsonValue.Create(Render(s, context)),
        _ => node.DeepClone(),
    };

    public static IEnumerable<string> Placeholders(string text) =>
        Placeholder().Matches(text).Select(m => m.Groups["expr"].Value);

    private static string ApplyFilter(string value, string filter)
    {
        var parts = filter.Split(':');
        return parts switch
        {
            ["swap", var a, var b] => value == a ? b : a,
            _ => throw new InvalidOperationException($"unknown template filter '{filter}'"),
        };
    }

    [GeneratedRegex(@"\{\{\s*(?<expr>[^}|\s]+)\s*(?:\|\s*(?<filter>[^}]*?)\s*)?\}\}")]
    private static partial Regex Placeholder();
}
