namespace Bss.Domain.Common;

/// <summary>Rules shared by every entity: existence, optimistic concurrency, deletion.</summary>
public static class Entity
{
    /// <summary>Refuses a change to an entity that does not exist or that the caller read at another version.</summary>
    public static DomainError? Guard(EntityState current, string what, int? expectedVersion)
    {
        if (!current.Exists)
        {
            return DomainError.NotFound($"{what} {current.Id}");
        }

        return expectedVersion is { } expected && expected != current.Version
            ? DomainError.StaleVersion(expected, current.Version)
            : null;
    }

    public static DomainError? MustBeNew(EntityState current, string what, Guid id) =>
        current.Version > 0 ? new DomainError(ErrorKind.AlreadyExists, $"{what} {id} already exists.") : null;

    public static Result<T> Delete<T>(T current, string what, int? expectedVersion, DateTimeOffset now) where T : EntityState
    {
        if (Guard(current, what, expectedVersion) is { } error)
        {
            return error;
        }

        var next = current.NextVersion<T>(now);
        next.IsDeleted = true;
        return Result<T>.Ok(next);
    }
}
