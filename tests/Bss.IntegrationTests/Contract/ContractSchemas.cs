using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Bss.IntegrationTests.Contract;

/// <summary>
/// The JSON Schemas under Contract/schemas, written from API-CONTRACT.md (not generated from the code), and a check
/// that lists every violation of one of them. A file is named after its resource: <c>customers</c> is
/// customers.schema.json.
/// </summary>
public static class ContractSchemas
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Contract", "schemas");

    private static readonly Lazy<Dictionary<string, JsonSchema>> Loaded = new(Load);

    private static readonly EvaluationOptions Evaluation = new()
    {
        OutputFormat = OutputFormat.List,
        RequireFormatValidation = true,
    };

    public static IEnumerable<string> Names => Loaded.Value.Keys;

    /// <summary>The schema file's own JSON, for checks on the schemas themselves.</summary>
    public static JsonObject Document(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, $"{name}.schema.json")))!.AsObject();

    /// <summary>Every violation as "instance location: keyword: message"; empty when the instance conforms.</summary>
    public static IReadOnlyList<string> Violations(string name, JsonNode? instance)
    {
        var schema = Loaded.Value.TryGetValue(name, out var found)
            ? found
            : throw new ArgumentException($"no schema {name}.schema.json in {Directory}", nameof(name));
        using var document = JsonDocument.Parse(instance?.ToJsonString() ?? "null");
        var results = schema.Evaluate(document.RootElement, Evaluation);
        if (results.IsValid)
        {
            return [];
        }

        var violations = new List<string>();
        foreach (var detail in results.Details ?? [])
        {
            if (detail.Errors is null)
            {
                continue;
            }

            foreach (var (keyword, message) in detail.Errors)
            {
                var at = detail.InstanceLocation.ToString();
                // A "false" schema has no keyword: under additionalProperties it is a field the contract does not name.
                var rule = keyword.Length > 0 ? keyword : "not in the contract";
                violations.Add($"{(at.Length == 0 ? "/" : at)}: {rule}: {message} (schema {detail.EvaluationPath})");
            }
        }

        return violations.Count > 0 ? violations : ["does not conform (no detail given)"];
    }

    /// <summary>Asserts the instance conforms, failing with every violation and the instance itself.</summary>
    public static void AssertConforms(string name, JsonNode? instance, string what)
    {
        var violations = Violations(name, instance);
        Assert.True(violations.Count == 0,
            $"{what} violates {name}.schema.json ({violations.Count}):{Environment.NewLine}  " +
            string.Join(Environment.NewLine + "  ", violations) + Environment.NewLine +
            $"instance: {instance?.ToJsonString()}");
    }

    /// <summary>Builds every schema, the shared definitions first and a schema that refers to another after it.</summary>
    private static Dictionary<string, JsonSchema> Load()
    {
        var build = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        var pending = System.IO.Directory.GetFiles(Directory, "*.schema.json")
            .ToDictionary(f => Path.GetFileName(f)[..^".schema.json".Length], File.ReadAllText);
        var schemas = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            var ready = pending
                .Where(p => References(p.Value).All(r => schemas.ContainsKey(r) || r == p.Key))
                .Select(p => p.Key)
                .ToList();
            if (ready.Count == 0)
            {
                throw new InvalidOperationException($"schemas refer to missing ones or to each other: {string.Join(", ", pending.Keys)}");
            }

            foreach (var name in ready)
            {
                schemas[name] = JsonSchema.FromText(pending[name], build);
                pending.Remove(name);
            }
        }

        return schemas;
    }

    /// <summary>The other schema files a schema's "$ref"s name ("common.schema.json#/$defs/uuid" names common).</summary>
    private static IEnumerable<string> References(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, "\"\\$ref\"\\s*:\\s*\"([a-z-]+)\\.schema\\.json")
            .Select(m => m.Groups[1].Value)
            .Distinct();
}
