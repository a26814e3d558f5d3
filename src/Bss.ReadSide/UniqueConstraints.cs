using Bss.Domain.Common;
using Npgsql;

namespace Bss.ReadSide;

/// <summary>
/// Uniqueness that must hold across grains (a product code, a SIM's ICCID) is a unique index on the documents
/// read table. The projection runs inside the state write, so a duplicate makes the write itself fail, atomically
/// and also when two requests race; this turns that failure into a 409 naming the field.
/// </summary>
public static class UniqueConstraints
{
    private const string UniqueViolation = "23505";

    private static readonly Dictionary<string, (string Field, string Message)> Known = new(StringComparer.Ordinal);

    /// <summary>Declares what a unique index of dev/postgres means, for the error message.</summary>
    public static void Register(string indexName, string field, string message) => Known[indexName] = (field, message);

    public static DomainError? Describe(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: UniqueViolation } violation)
            {
                var (field, message) = Known.GetValueOrDefault(violation.ConstraintName ?? "",
                    ("id", "conflicts with an existing entity"));
                return new DomainError(ErrorKind.Conflict, $"{field} {message}.",
                    new Dictionary<string, string[]> { [field] = [message] });
            }
        }

        return null;
    }
}
