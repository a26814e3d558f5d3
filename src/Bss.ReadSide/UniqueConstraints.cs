using Bss.Domain.Common;
using Npgsql;

namespace Bss.ReadSide;

/// <summary>
/// Uniqueness that must hold across grains (a product code, a SIM's ICCID) is a unique index on the state rows'
/// typed columns (dev/postgres/010-read-model.sql). The index is maintained by the state write, so a duplicate makes
/// the write itself fail, atomically and also when two requests race; this turns that failure into a 409 naming the
/// field, as the catalogue (<see cref="StateKinds"/>) describes the index.
/// </summary>
public static class UniqueConstraints
{
    private const string UniqueViolation = "23505";

    public static DomainError? Describe(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: UniqueViolation } violation)
            {
                var (field, message) = StateKinds.FindUniqueKey(violation.ConstraintName ?? "") is { } key
                    ? (key.Field, key.Message)
                    : ("id", "conflicts with an existing entity");
                return new DomainError(ErrorKind.Conflict, $"{field} {message}.",
                    new Dictionary<string, string[]> { [field] = [message] });
            }
        }

        return null;
    }
}
