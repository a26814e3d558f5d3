using System.Text;
using System.Text.Json;
using Bss.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Bss.Api.Limits;

/// <summary>
/// One pass over what a request brings before an endpoint binds it: the body is read up to the route's size limit
/// (413 beyond it), and every string in it, in the query and in the route is checked to be text PostgreSQL can store
/// (<see cref="StorableText"/>), and every JSON array is counted as it is read (at most <c>Limits:MaxArrayItems</c>).
/// A refusal is a 400 naming the field. Malformed JSON is left to the endpoint, which names where it broke.
/// </summary>
public sealed class RequestScreening(IOptions<LimitsOptions> options, LimitMetrics metrics)
{
    private readonly int _maxArrayItems = options.Value.MaxArrayItems;

    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        if (!http.Request.Path.StartsWithSegments("/api"))
        {
            await next(http);
            return;
        }

        foreach (var (name, values) in http.Request.Query)
        {
            foreach (var value in values)
            {
                if (value is not null && (StorableText.Problem(value) ?? StorableText.Problem(name)) is { } problem)
                {
                    await Refuse(http, name, problem);
                    return;
                }
            }
        }

        foreach (var (name, value) in http.GetRouteData().Values)
        {
            if (value is string text && StorableText.Problem(text) is { } problem)
            {
                await Refuse(http, name, problem);
                return;
            }
        }

        if (http.Request.ContentLength is 0 || !http.Request.HasJsonContentType())
        {
            await next(http);
            return;
        }

        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // A chunked body (no declared length) that passed the route's limit while it was read.
            metrics.Refused("body");
            http.Response.Headers.Connection = "close";
            var max = http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0;
            await ApiResponse.Problem(LimitsExtensions.TooLarge(http, max)).ToResult().ExecuteAsync(http);
            return;
        }

        if (Screen(body) is var (field, reason))
        {
            await Refuse(http, field, reason);
            return;
        }

        http.Request.Body = new MemoryStream(body, writable: false);
        await next(http);
    }

    private static Task Refuse(HttpContext http, string field, string reason) =>
        ApiResponse.Problem(ApiProblem.Validation(http, field, reason)).ToResult().ExecuteAsync(http);

    /// <summary>The first field whose value is refused, or null (also for malformed JSON, which the endpoint reports).</summary>
    private (string Field, string Reason)? Screen(byte[] body)
    {
        // The frames of the arrays and objects the reader is in: the property being read, or the index of the item.
        var path = new List<(string? Property, int Index, bool IsArray)>();
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        if (Text(ref reader, out var name) is { } badName)
                        {
                            return (Path(path), badName);
                        }

                        path[^1] = (name, 0, false);
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        if (path.Count > 0 && path[^1].IsArray && Counted(path) is { } tooMany)
                        {
                            return tooMany;
                        }

                        path.Add((null, -1, reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        break;
                    default:
                        if (path.Count > 0 && path[^1].IsArray && Counted(path) is { } over)
                        {
                            return over;
                        }

                        if (reader.TokenType == JsonTokenType.String && Text(ref reader, out _) is { } badValue)
                        {
                            return (Path(path), badValue);
                        }

                        break;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }

    /// <summary>The string token's text and why it cannot be stored (null when it can).</summary>
    private static string? Text(ref Utf8JsonReader reader, out string text)
    {
        try
        {
            text = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8, or an escaped lone surrogate that has no UTF-8 form.
            text = "";
            return "must be valid Unicode text (UTF-8 without lone surrogates)";
        }

        return StorableText.Problem(text);
    }

    /// <summary>Counts one more item of the innermost array; refuses the one past the limit.</summary>
    private (string, string)? Counted(List<(string? Property, int Index, bool IsArray)> path)
    {
        var frame = path[^1];
        path[^1] = frame with { Index = frame.Index + 1 };
        if (frame.Index + 1 < _maxArrayItems)
        {
            return null;
        }

        // Named by the array's field, not the item.
        path[^1] = frame with { Index = -1 };
        return (Path(path), $"must have at most {_maxArrayItems} items");
    }

    private static string Path(List<(string? Property, int Index, bool IsArray)> path)
    {
        var text = new StringBuilder();
        foreach (var (property, index, isArray) in path)
        {
            if (isArray)
            {
                if (index >= 0 && text.Length > 0)
                {
                    text.Append('[').Append(index).Append(']');
                }
            }
            else if (property is not null)
            {
                if (text.Length > 0)
                {
                    text.Append('.');
                }

                text.Append(property);
            }
        }

        return text.Length == 0 ? "body" : text.ToString();
    }
}

/// <summary>The rule on text that reaches storage, for bodies, query parameters and route values alike.</summary>
public static class StorableText
{
    /// <summary>
    /// Why <paramref name="text"/> cannot be stored, or null when it can: PostgreSQL's <c>jsonb</c> and <c>text</c>
    /// refuse U+0000 (it used to fail the state write after the grain had accepted the value: a 500), and a lone UTF-16
    /// surrogate is not a character.
    /// </summary>
    public static string? Problem(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return "must not contain the NUL character (U+0000)";
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return "must be valid Unicode text (it holds an unpaired surrogate)";
            }
        }

        return null;
    }
}
