using Bss.Abstractions.Common;
using Bss.Api.Http;

namespace Bss.Silo;

/// <summary>
/// Where a grain call's exception still is what the driver threw (on the silo hosting the grain), a dependency that is
/// down becomes <see cref="DependencyUnavailableException"/>, so the calling silo's API answers 503 + Retry-After
/// rather than 500 for a write whose grain lives elsewhere in the cluster. Only the message travels, not the driver's
/// exception (see the exception's remarks).
/// </summary>
public sealed class DependencyFailureFilter(IEnumerable<ITransientFailureDetector> detectors) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception e) when (e is not DependencyUnavailableException && Transient(e) is { } cause)
        {
            throw new DependencyUnavailableException($"{cause.GetType().Name}: {cause.Message}");
        }
    }

    private Exception? Transient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (detectors.Any(d => d.IsTransient(e)))
            {
                return e;
            }
        }

        return null;
    }
}
