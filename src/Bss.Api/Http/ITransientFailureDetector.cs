namespace Bss.Api.Http;

/// <summary>
/// Tells whether an exception means a backing service (database, membership store) is unreachable right now,
/// so the request may succeed when retried (503 + Retry-After), as opposed to a bug (500). The host provides it
/// because only the host knows which drivers it uses.
/// </summary>
public interface ITransientFailureDetector
{
    bool IsTransient(Exception exception);
}
