using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Bss.Api.Http;

/// <summary>
/// What an endpoint answers, before it is written. Kept as data so an idempotent POST can store the exact
/// response and replay it byte for byte. The body is held as the UTF-8 it is sent as: serialised once, straight to
/// UTF-8, and written with its Content-Length.
/// </summary>
public sealed record ApiResponse(int Status, byte[] Utf8Body, string ContentType, string? Location = null, string? ETag = null)
{
    public ApiResponse(int status, string body, string contentType, string? location = null, string? etag = null)
        : this(status, Encoding.UTF8.GetBytes(body), contentType, location, etag)
    {
    }

    /// <summary>The body as text (stored with an idempotent create, read by tests).</summary>
    public string Body => Encoding.UTF8.GetString(Utf8Body);

    public const string Json = "application/json; charset=utf-8";
    public const string ProblemJson = "application/problem+json; charset=utf-8";

    public static ApiResponse Ok<T>(T body, int version) =>
        new(StatusCodes.Status200OK, Serialize(body), Json, ETag: Concurrency.ETagFor(version));

    public static ApiResponse Ok<T>(T body) => new(StatusCodes.Status200OK, Serialize(body), Json);

    public static ApiResponse Created<T>(T body, string location, int version) =>
        new(StatusCodes.Status201Created, Serialize(body), Json, location, Concurrency.ETagFor(version));

    public static ApiResponse NoContent() => new(StatusCodes.Status204NoContent, [], Json);

    public static ApiResponse Problem(ApiProblem problem) => new(problem.Status, Serialize(problem), ProblemJson);

    public bool IsSuccess => Status is >= 200 and < 300;

    public IResult ToResult() => new Writer(this);

    private static byte[] Serialize<T>(T body) => JsonSerializer.SerializeToUtf8Bytes(body, ApiJson.Options);

    private sealed class Writer(ApiResponse response) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var http = httpContext.Response;
            http.StatusCode = response.Status;
            if (response.Location is not null)
            {
                http.Headers.Location = response.Location;
            }

            if (response.ETag is not null)
            {
                http.Headers.ETag = response.ETag;
            }

            if (response.Status == StatusCodes.Status204NoContent)
            {
                return;
            }

            http.ContentType = response.ContentType;
            http.ContentLength = response.Utf8Body.Length;
            await http.Body.WriteAsync(response.Utf8Body);
        }
    }
}
