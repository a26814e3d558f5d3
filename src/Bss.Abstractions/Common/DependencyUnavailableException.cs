namespace Bss.Abstractions.Common;

/// <summary>
/// A grain call failed because a backing service (PostgreSQL through PgBouncer, Redis) was unreachable. The silo
/// hosting the grain throws it in place of the driver's exception, which does not cross silos intact: Orleans
/// serializes exceptions as themselves only from the Microsoft, System and Azure namespaces, and a PostgresException
/// rebuilt on the calling silo has lost its SqlState. The API answers it 503 + Retry-After on whichever silo it arrives.
/// </summary>
[GenerateSerializer]
public sealed class DependencyUnavailableException : Exception
{
    public DependencyUnavailableException()
    {
    }

    public DependencyUnavailableException(string message)
        : base(message)
    {
    }

    public DependencyUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
