using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;

namespace Bss.IntegrationTests.Hardening;

/// <summary>One operation of the OpenAPI document: its method, path template and request body schema.</summary>
public sealed record ApiOperation(string Method, string Path, JsonObject? BodySchema)
{
    public bool HasBody => Method is "POST" or "PUT" or "PATCH";

    /// <summary>Every operation of the document, with its body schema resolved from the components.</summary>
    public static IReadOnlyList<ApiOperation> From(JsonObject document)
    {
        var schemas = document["components"]?["schemas"]?.AsObject();
        return document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation =>
            {
                var schema = operation.Value!["requestBody"]?["content"]?["application/json"]?["schema"];
                return new ApiOperation(operation.Key.ToUpperInvariant(), path.Key, Resolve(schema, schemas));
            }))
            .ToList();
    }

    internal static JsonObject? Resolve(JsonNode? schema, JsonObject? schemas) =>
        schema?["$ref"] is { } reference && schemas is not null
            ? schemas[((string)reference!).Split('/')[^1]]?.AsObject()
            : schema as JsonObject;
}

/// <summary>A generated request: what to send, and what kind of hostility it carries (for the failure report).</summary>
public sealed record HostileRequest(string Method, string Url, byte[]? Body, string? ContentType,
    IReadOnlyList<KeyValuePair<string, string>> Headers, string Kind)
{
    public override string ToString() => $"{Method} {Shorten(Url)} [{Kind}]" +
        (Body is null ? "" : " body: " + Shorten(Encoding.UTF8.GetString(Body)));

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + $"… ({text.Length} chars)" : text;
}

/// <summary>
/// FsCheck generators of bad requests, from an operation's OpenAPI description: wrong types, missing and extra
/// fields, huge, NUL-holding and invalid UTF-8 strings, deep JSON, negative, huge and over-precise numbers, far and
/// impossible dates, malformed ids, odd headers and oversized bodies. Values are raw JSON text, so the generator can
/// write what no serializer would (a lone surrogate, 1e400, a duplicate key).
/// </summary>
public static class HostileRequests
{
    /// <summary>Query parameters the list and action routes read (the document does not describe them: handlers read the query).</summary>
    private static readonly string[] QueryNames =
    [
        "page", "size", "sort", "status", "type", "category", "technology", "searchTerm", "query", "customerId", "productId",
        "invoiceId", "serviceId", "subscriptionId", "paymentMethod", "usageType", "country", "startDate", "endDate", "from",
        "to", "before", "date", "days", "unpaid", "overdue", "version", "serviceCode", "entityType", "entityId", "actor",
    ];

    private static Gen<string> Huge(int minChars, int maxChars) =>
        from length in Gen.Choose(minChars, maxChars)
        from c in Gen.Elements('a', 'ż', '界', 'Z')
        select new string(c, length);

    /// <summary>
    /// Long path and query values, short enough that the request line stays under Kestrel's 8 KB: beyond it Kestrel
    /// itself answers 414 without a body, before the application sees the request.
    /// </summary>
    private static Gen<string> HugeAscii(int minChars, int maxChars) =>
        Gen.Choose(minChars, maxChars).Select(length => new string('a', length));

    /// <summary>Strings as raw JSON text.</summary>
    private static Gen<string> BadStrings() => Gen.Frequency(
        (6, Gen.Elements("\"\"", "\" \"", "\"a\"", "\"abc\"", "\"NOT_A_CODE\"", "\"active\"", "\"<script>alert(1)</script>\"",
            "\"' OR 1=1 --\"", "\"%_%\"", "\"\\\\\"", "\"ab\\u0000cd\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\udfff x\"",
            "\"\\u202Egnp.exe\"", "\"😀😀😀\"", "\"\\n\\r\\t\"", "\"{{7*7}}\"", "\"${jndi:ldap://x}\"", "\"null\"")),
        (1, Huge(1_000, 120_000).Select(s => "\"" + s + "\"")));

    private static Gen<string> BadNumbers() => Gen.Elements(
        "-1", "0", "-0", "1", "100", "2147483648", "-2147483649", "9223372036854775808", "1e308", "1e400", "-1e400",
        "79228162514264337593543950336", "0.000000000000000000000000000001", "12.345", "0.001", "1.999999999999999999999",
        "99999999999999.99", "-0.01", "\"12\"", "\"1,5\"", "true", "1E2", "[1]", "{\"a\":1}");

    private static Gen<string> BadDates() => Gen.Elements(
        "\"9999-12-31\"", "\"0001-01-01\"", "\"2026-02-30\"", "\"2026-13-01\"", "\"2031-00-10\"", "\"yesterday\"",
        "\"2026-01-01T00:00:00Z\"", "\"20260101\"", "\"01/02/2026\"", "\"2300-01-01\"", "\"1900-01-01\"", "\"+002026-01-01\"",
        "\"-2026-01-01\"", "20260101", "\"\"");

    private static Gen<string> BadIds() => Gen.Frequency(
        (3, Gen.Elements("\"not-a-uuid\"", "\"00000000-0000-0000-0000-000000000000\"", "\"123\"", "123", "\"{}\"",
            "\"6F9619FF-8B86-D011-B42D-00CF4FC964FF-00\"", "\"../../etc/passwd\"")),
        (2, Gen.Fresh(() => "\"" + Guid.NewGuid() + "\"")));

    private static Gen<string> Structures() => Gen.Elements(
        "null", "true", "[]", "{}", "[null]", "[[[[[[[[[[1]]]]]]]]]]", "{\"a\":{\"b\":{\"c\":{}}}}",
        "[" + string.Join(",", Enumerable.Range(0, 1_500)) + "]");

    /// <summary>A value for a property of <paramref name="schema"/>: mostly of a hostile kind for its type, sometimes of any kind.</summary>
    private static Gen<string> Value(JsonObject? schema, string name)
    {
        var types = schema?["type"] switch
        {
            JsonArray array => array.Select(t => (string?)t).ToArray(),
            JsonValue value => [(string?)value],
            _ => [],
        };
        var format = (string?)schema?["format"];
        Gen<string> typed =
            format == "date" || name.EndsWith("Date", StringComparison.Ordinal) ? BadDates()
            : name.EndsWith("Id", StringComparison.Ordinal) || name == "id" ? BadIds()
            : types.Contains("number") || types.Contains("integer") ? BadNumbers()
            : types.Contains("array") ? Gen.OneOf(Structures(), BadStrings().Select(s => $"[{s},{s}]"))
            : BadStrings();
        return Gen.Frequency((6, typed), (1, BadStrings()), (1, BadNumbers()), (1, Structures()), (1, BadDates()));
    }

    /// <summary>A JSON object with the schema's properties, each missing, null or hostile, plus extra and duplicate keys.</summary>
    private static Gen<string> ObjectBody(JsonObject schema, Dictionary<string, string> fixedValues)
    {
        var properties = schema["properties"]?.AsObject().Select(p => (p.Key, Schema: p.Value as JsonObject)).ToList() ?? [];
        var members = properties.Select(p =>
            fixedValues.TryGetValue(p.Key, out var fixedValue)
                ? Gen.Constant((string?)$"\"{p.Key}\":{fixedValue}")
                : Gen.Frequency(
                    (2, Gen.Constant((string?)null)),
                    (1, Gen.Constant((string?)$"\"{p.Key}\":null")),
                    (6, Value(p.Schema, p.Key).Select(v => (string?)$"\"{p.Key}\":{v}"))));
        var extras = Gen.Elements(
            new string?[] { null, null, null, "\"unexpected\":1", "\"__proto__\":{}", "\"a\\u0000b\":\"x\"", "\"\":\"\"", "\"id\":\"x\",\"id\":\"y\"" });
        return from chosen in Gen.CollectToList(members)
               from extra in extras
               select "{" + string.Join(",", chosen.Append(extra).Where(m => m is not null)) + "}";
    }

    /// <summary>A body that is not a well-formed JSON object of the right size.</summary>
    private static Gen<(byte[]? Body, string? ContentType, string Kind)> RawBody() => Gen.Frequency(
        (3, Gen.Elements("{\"malformed\": ", "{'single': 'quotes'}", "{\"a\":1,}", "[1,2", "not json", "\"just a string\"", "12",
            "{\"a\":NaN}", "{\"a\":Infinity}", "\uFEFF{}", "{\"a\":\"\\x41\"}", "{\"a\":\"unterminated}")
            .Select(text => ((byte[]?)Encoding.UTF8.GetBytes(text), (string?)"application/json", "malformed JSON"))),
        (2, Gen.Elements(new byte[] { 0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D }, // {"a":"\xFF\xFE"}
                new byte[] { 0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D }, // a broken 2-byte sequence
                new byte[] { 0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x7D }, // an encoded surrogate
                new byte[] { 0x7B, 0x22, 0xF8, 0x88, 0x80, 0x80, 0x80, 0x22, 0x3A, 0x31, 0x7D })
            .Select(bytes => ((byte[]?)bytes, (string?)"application/json", "invalid UTF-8"))),
        (2, Gen.Choose(65, 20_000).Select(depth =>
            ((byte[]?)Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth)), (string?)"application/json", $"deep JSON ({depth})"))),
        (1, Gen.Choose(65, 5_000).Select(depth =>
            ((byte[]?)Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)),
                (string?)"application/json", $"deep object ({depth})"))),
        (1, Gen.Choose(257 * 1024, 600 * 1024).Select(size =>
            ((byte[]?)Encoding.UTF8.GetBytes("{\"name\":\"" + new string('x', size) + "\"}"), (string?)"application/json", $"oversized body ({size} bytes)"))),
        (1, Gen.Constant(((byte[]?)Encoding.UTF8.GetBytes("{\"items\":[" + string.Join(",", Enumerable.Repeat("{}", 5_000)) + "]}"),
            (string?)"application/json", "5,000 array items"))),
        (1, Gen.Elements(((byte[]?)null, (string?)null, "no body"),
            ((byte[]?)Array.Empty<byte>(), (string?)"application/json", "empty body"),
            ((byte[]?)Encoding.UTF8.GetBytes("{}"), (string?)"text/plain", "wrong content type"),
            ((byte[]?)Encoding.UTF8.GetBytes("<a/>"), (string?)"application/xml", "XML"),
            ((byte[]?)Encoding.UTF8.GetBytes("a=1&b=2"), (string?)"application/x-www-form-urlencoded", "form"),
            ((byte[]?)Encoding.UTF8.GetBytes("{}"), (string?)"application/json; charset=utf-16", "wrong charset"))));

    private static Gen<string> PathValue() => Gen.Frequency(
        (4, Gen.Fresh(() => Guid.NewGuid().ToString())),
        (4, Gen.Elements("not-a-uuid", "0", "-1", "00000000-0000-0000-0000-000000000000", "null", "undefined", "%20",
            "%F0%9F%98%80", "..%2F..%2Fetc", "%27%20OR%201%3D1", "1e309", "%E2%80%AE", "%ED%A0%80", "%FF")),
        (1, HugeAscii(300, 2_000)));

    private static Gen<string> QueryValue() => Gen.Frequency(
        (4, Gen.Elements("", "-1", "0", "abc", "a", "ab", "10000000", "2147483648", "1e309", "-0", "true", "maybe", "9999-12-31",
            "0001-01-01", "2026-02-30", "not-a-uuid", "%00", "a%00b", "%ED%A0%80", "%FF%FE", "createdAt,sideways", "lastName,asc,desc",
            "unknownField", ",", "%25_%25", "ACTIVE", "active", "NOT_A_STATUS", "%E2%80%AE")),
        (2, Gen.Fresh(() => Guid.NewGuid().ToString())),
        (1, HugeAscii(101, 1_000)),
        (1, Huge(101, 150).Select(Uri.EscapeDataString)));

    private static Gen<KeyValuePair<string, string>> Header() => Gen.Elements(
        new KeyValuePair<string, string>("If-Match", "\"abc\""),
        new KeyValuePair<string, string>("If-Match", "*"),
        new KeyValuePair<string, string>("If-Match", "W/\"1\""),
        new KeyValuePair<string, string>("If-Match", "\"-1\""),
        new KeyValuePair<string, string>("If-Match", "\"99999999999999999999\""),
        new KeyValuePair<string, string>("If-Match", "1"),
        new KeyValuePair<string, string>("If-Match", "\"1\", \"2\""),
        new KeyValuePair<string, string>("Idempotency-Key", new string('k', 500)),
        new KeyValuePair<string, string>("Idempotency-Key", "key with spaces, commas; and \"quotes\" " + Guid.NewGuid()),
        new KeyValuePair<string, string>("Idempotency-Key", " "),
        new KeyValuePair<string, string>("Idempotency-Key", "hostile-" + Guid.NewGuid()),
        new KeyValuePair<string, string>("Accept", "application/xml"),
        new KeyValuePair<string, string>("Accept-Language", "xx-INVALID"),
        new KeyValuePair<string, string>("X-Forwarded-For", "999.999.999.999"),
        new KeyValuePair<string, string>("Content-Encoding", "gzip"));

    /// <summary>Bad requests for one operation.</summary>
    public static Gen<HostileRequest> For(ApiOperation operation)
    {
        var pathParameters = Regex.Matches(operation.Path, @"\{([^}]+)\}").Select(m => m.Value).ToList();
        var path = from values in Gen.ListOf(PathValue(), pathParameters.Count)
                   select pathParameters.Zip(values).Aggregate(operation.Path, (p, pv) => ReplaceFirst(p, pv.First, pv.Second));
        var query = from count in Gen.Choose(0, 4)
                    from names in Gen.ListOf(Gen.Elements(QueryNames), count)
                    from values in Gen.ListOf(QueryValue(), count)
                    select count == 0 ? "" : "?" + string.Join("&", names.Zip(values).Select(nv => $"{nv.First}={nv.Second}"));
        var headers = from count in Gen.Frequency((3, Gen.Constant(0)), (2, Gen.Choose(1, 3)))
                      from chosen in Gen.ListOf(Header(), count)
                      select (IReadOnlyList<KeyValuePair<string, string>>)chosen.DistinctBy(h => h.Key).ToList();
        var body = !operation.HasBody
            ? Gen.Constant(((byte[]?)null, (string?)null, "query and path"))
            : operation.BodySchema is null
                ? RawBody()
                : Gen.Frequency(
                    (3, ObjectBody(operation.BodySchema, FixedValues(operation))
                        .Select(json => ((byte[]?)Encoding.UTF8.GetBytes(json), (string?)"application/json", "hostile fields"))),
                    (1, RawBody()));
        return from p in path
               from q in query
               from h in headers
               from b in body.Where(b => Harmless(operation, b.Item1, b.Item3))
               select new HostileRequest(operation.Method, p + q, b.Item1, b.Item2, h, b.Item3);
    }

    /// <summary>
    /// Properties whose hostile value must never be a valid one: a billing cycle created for a real date would bill the
    /// test suite's accounts (a missing or null <c>cycleDate</c> means today). Every value here is outside the window or malformed.
    /// </summary>
    private static Dictionary<string, string> FixedValues(ApiOperation operation) =>
        IsCycleCreation(operation)
            ? new Dictionary<string, string> { ["cycleDate"] = "\"2300-01-01\"" }
            : [];

    /// <summary>
    /// No generated body may create a billing cycle for a real date (an empty or null body, or one the binder reads as
    /// an empty object, means today): for that route only the bodies with the fixed out-of-window date, and oversized
    /// ones (refused before they are read), are sent.
    /// </summary>
    private static bool Harmless(ApiOperation operation, byte[]? body, string kind) =>
        !IsCycleCreation(operation)
        || kind.StartsWith("oversized", StringComparison.Ordinal)
        || (body is not null && Encoding.UTF8.GetString(body).Contains("\"cycleDate\":\"2300-01-01\"", StringComparison.Ordinal));

    private static bool IsCycleCreation(ApiOperation operation) =>
        operation.Method == "POST" && operation.Path.EndsWith("/billing/cycles", StringComparison.Ordinal);

    private static string ReplaceFirst(string text, string what, string with)
    {
        var at = text.IndexOf(what, StringComparison.Ordinal);
        return text[..at] + with + text[(at + what.Length)..];
    }

    /// <summary>The <paramref name="count"/> requests spread over every operation (each at least once), from a seed.</summary>
    public static IReadOnlyList<HostileRequest> Sample(IReadOnlyList<ApiOperation> operations, int count, ulong seed)
    {
        var perOperation = (count + operations.Count - 1) / operations.Count;
        return operations
            .SelectMany((operation, i) => Gen.Sample(For(operation), perOperation, new Rnd(seed + (ulong)i), 30))
            .ToList();
    }

    internal static string Describe(IReadOnlyDictionary<string, int> counts) =>
        string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key}: {c.Value}")));
}
