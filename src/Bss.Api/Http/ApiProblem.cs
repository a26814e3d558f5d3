using System.Diagnostics;
using Bss.Domain.Common;
using Microsoft.AspNetCore.Http;

namespace Bss.Api.Http;

/// <summary>
/// The error body (RFC 9457 problem details plus the fields the frontend reads: <c>message</c> and <c>code</c>).
/// </summary>
public sealed record ApiProblem(
    string Type,
    string Title,
    int Status,
    string Detail,
    string Instance,
    string Code,
    string Message,
    string? TraceId,
    string Timestamp,
    string Path,
    IReadOnlyDictionary<string, string[]>? Errors)
{
    public static ApiProblem Create(HttpContext http, int status, string code, string title, string detail,
        IReadOnlyDictionary<string, string[]>? errors = null) => new(
        $"https://bss-orleans.dev/problems/{code.ToLowerInvariant().Replace('_', '-')}",
        title,
        status,
        detail,
        http.Request.Path,
        code,
        detail,
        Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier,
        DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        http.Request.Path,
        errors);

    public static ApiProblem Validation(HttpContext http, IReadOnlyDictionary<string, string[]> errors) =>
        Create(http, StatusCodes.Status400BadRequest, "VALIDATION_FAILED", "Validation failed",
            "Validation failed: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")),
            errors);

    public static ApiProblem Validation(HttpContext http, string field, string message) =>
        Validation(http, new Dictionary<string, string[]> { [field] = [message] });

    public static ApiProblem From(HttpContext http, DomainError error, bool versionFromIfMatch = false) => error.Kind switch
    {
        ErrorKind.Validation => Create(http, 400, "VALIDATION_FAILED", "Validation failed", error.Message, error.FieldErrors),
        ErrorKind.NotFound => Create(http, 404, "NOT_FOUND", "Not found", error.Message),
        ErrorKind.AlreadyExists => Create(http, 409, "CONFLICT", "Already exists", error.Message),
        ErrorKind.VersionConflict when versionFromIfMatch =>
            Create(http, 412, "PRECONDITION_FAILED", "Precondition failed", error.Message),
        ErrorKind.VersionConflict => Create(http, 409, "CONFLICT", "Version conflict", error.Message),
        ErrorKind.IdempotencyKeyReused => Create(http, 422, "IDEMPOTENCY_KEY_REUSED", "Idempotency key reused", error.Message),
        ErrorKind.InvalidTransition => Create(http, 409, "INVALID_TRANSITION", "Invalid status transition", error.Message),
        _ => Create(http, 409, "CONFLICT", "Conflict", error.Message, error.FieldErrors),
    };
}
