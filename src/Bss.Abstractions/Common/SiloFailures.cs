using Orleans.Runtime;

namespace Bss.Abstractions.Common;

/// <summary>What Orleans 10 throws when the silo on the other end of a grain call is gone or going.</summary>
public static class SiloFailures
{
    /// <summary>True when <paramref name="exception"/> (or one it wraps) says the other silo died, refused the
    /// message or could not be reached: the call may succeed once membership has moved on.</summary>
    public static bool IsSiloFailure(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SiloUnavailableException or OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException)
            {
                return true;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsSiloFailure))
            {
                return true;
            }
        }

        return false;
    }
}
