namespace Bss.Abstractions.Common;

/// <summary>
/// A grain call failed because a backing service (PostgreSQL through PgBouncer, Redis) was unreachable. The silo
/// hosting the grain throws it in place of the driver's exception, which does not cross silos intact: Orleans rebuilds
/// an exception from another silo from its message, stack and inner exception only (and by default only for the
/// Microsoft, System and Azure namespaces; the silo adds Npgsql), so a PostgresException arrives without its SqlState.
/// The API answers it 503 + Retry-After on whichever silo it arrives.
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
