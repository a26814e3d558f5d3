namespace Bss.Domain.Common;

/// <summary>Why a command was refused. The API maps each kind to one HTTP status.</summary>
public enum ErrorKind
{
    Validation,
    NotFound,
    AlreadyExists,
    VersionConflict,
    InvalidTransition,
    Conflict,

    /// <summary>An Idempotency-Key repeated with a different request.</summary>
    IdempotencyKeyReused,
}

[GenerateSerializer, Immutable]
public sealed record DomainError(
    [property: Id(0)] ErrorKind Kind,
    [property: Id(1)] string Message,
    [property: Id(2)] Dictionary<string, string[]>? FieldErrors = null)
{
    public static DomainError NotFound(string what) => new(ErrorKind.NotFound, $"{what} was not found.");

    public static DomainError Validation(FieldErrors errors) =>
        new(ErrorKind.Validation, errors.Summary(), errors.ToDictionary());

    public static DomainError StaleVersion(int expected, int actual) =>
        new(ErrorKind.VersionConflict, $"The resource was modified: you sent version {expected}, the current version is {actual}.");
}
