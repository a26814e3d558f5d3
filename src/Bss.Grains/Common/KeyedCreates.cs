using Bss.Domain.Common;

namespace Bss.Grains.Common;

public static class KeyedCreates
{
    /// <summary>
    /// A create in the entity's own grain, keyed by an Idempotency-Key's request fingerprint (null without a key):
    /// one activation, its one read, and the create's one write, which also stores the key's record in the entity
    /// (no key grain, no second write). A repeat of the request within <paramref name="retention"/> is answered from the
    /// entity as it stands, a different request with the key is refused, and a refusal by the rules writes nothing,
    /// leaving the key free. <paramref name="create"/> is the kind's own create, whose rules build the first version
    /// from the unwritten state (<see cref="EntityState.FirstVersion{T}"/>), so the record set on it here rides along.
    /// A kind whose create goes on after its write (a step on another grain) passes <paramref name="finishPending"/>:
    /// a replay runs it first, as the kind's own retry would, so a repeat after a crash mid-way completes the step.
    /// </summary>
    public static async Task<Result<Created<TView>>> CreateOnceAsync<TState, TView>(
        this IPersistentState<TState> state,
        string? requestFingerprint,
        DateTimeOffset now,
        TimeSpan retention,
        Func<Task<Result<TView>>> create,
        Func<TState, TView> view,
        Func<Task>? finishPending = null) where TState : EntityState
    {
        if (requestFingerprint is not null)
        {
            switch (KeyedCreate.Decide(state.State, requestFingerprint, now, retention))
            {
                case KeyedCreateOutcome.Replay:
                    if (finishPending is not null)
                    {
                        await finishPending();
                    }

                    return Result<Created<TView>>.Ok(new Created<TView>(view(state.State), Replayed: true));
                case KeyedCreateOutcome.Mismatch:
                    return KeyedCreate.KeyReused;
            }
        }

        var unwritten = requestFingerprint is not null && state.State.Version == 0;
        if (unwritten)
        {
            state.State.CreatedWith = new CreateKey { Fingerprint = requestFingerprint!, At = now };
        }

        try
        {
            return (await create()).Map(created => new Created<TView>(created, Replayed: false));
        }
        finally
        {
            if (unwritten && state.State.Version == 0)
            {
                // Refused or failed: nothing was written, and the key stays free for a corrected request.
                state.State.CreatedWith = null;
            }
        }
    }
}
