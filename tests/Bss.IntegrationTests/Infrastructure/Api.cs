using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bss.IntegrationTests.Infrastructure;

/// <summary>Small HTTP helpers: send JSON, read JSON, check problem+json.</summary>
public static class Api
{
    public const string Customers = "/api/v1/customers";

    /// <summary>Optional means absent, not null: each field is left out of the response (the frontend's Zod .optional()).</summary>
    public static void AssertAbsent(this JsonObject response, params string[] fields)
    {
        foreach (var field in fields)
        {
            Assert.False(response.ContainsKey(field), $"{field} is in the response ({response[field]?.ToJsonString() ?? "null"}); an optional field without a value must be left out");
        }
    }

    private static int _sequence;

    /// <summary>A valid, unique customer body (unique names so searches find exactly it).</summary>
    public static JsonObject NewCustomer(string? marker = null)
    {
        var n = Interlocked.Increment(ref _sequence);
        marker ??= "T" + Guid.NewGuid().ToString("N")[..10];
        return new JsonObject
        {
            ["firstName"] = "Anna",
            ["lastName"] = $"Nowak{marker}",
            ["email"] = $"anna.{marker.ToLowerInvariant()}.{n}@example.com",
            ["pesel"] = "44051401359",
            ["nip"] = "1234567890",
            ["phone"] = "+48600100200",
        };
    }

    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient http, HttpMethod method, string path, JsonNode? body,
        Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        configure?.Invoke(request);
        return http.SendAsync(request);
    }

    public static Task<JsonObject> CreateCustomerAsync(this HttpClient http, JsonObject? body = null) =>
        http.CreateAsync(Customers, body ?? NewCustomer());

    /// <summary>POST that must answer 201: the created entity.</summary>
    public static async Task<JsonObject> CreateAsync(this HttpClient http, string path, JsonObject body)
    {
        using var response = await http.SendJsonAsync(HttpMethod.Post, path, body);
        return await response.ExpectJsonAsync(HttpStatusCode.Created);
    }

    public static async Task<JsonObject> ExpectJsonAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Asserts an RFC 9457 problem with the frontend's fields, and returns it.</summary>
    public static async Task<JsonObject> ExpectProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var problem = await response.ExpectJsonAsync(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, (string?)problem["code"]);
        Assert.Equal((int)status, (int?)problem["status"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["message"]));
        Assert.Equal((string?)problem["detail"], (string?)problem["message"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["title"]));
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["traceId"]));
        Assert.DoesNotContain("   at ", problem.ToJsonString(), StringComparison.Ordinal);
        return problem;
    }

    public static string[] FieldErrors(this JsonObject problem, string field) =>
        problem["errors"]?[field]?.AsArray().Select(e => (string)e!).ToArray() ?? [];

    public static void IfMatch(this HttpRequestMessage request, string etag) =>
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
}
