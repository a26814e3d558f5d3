using Bss.Abstractions.Common;

namespace Bss.Grains.Common;

[GrainType("idempotency")]
public sealed class IdempotencyGrain(
    [PersistentState("idempotency", GrainStorage.Name)] IPersistentState<IdempotencyState> state,
    TimeProvider time) : Grain, IIdempotencyGrain
{
    public async Task<IdempotencyTicket> BeginAsync(string requestFingerprint)
    {
        var current = state.State;
        if (current.Fingerprint is null)
        {
            state.State = new IdempotencyState
            {
                Fingerprint = requestFingerprint,
                ResourceId = Guid.NewGuid(),
                FirstSeenAt = time.GetUtcNow(),
            };
            await state.WriteStateAsync();
            return new IdempotencyTicket(IdempotencyOutcome.Proceed, state.State.ResourceId, null);
        }

        if (!string.Equals(current.Fingerprint, requestFingerprint, StringComparison.Ordinal))
        {
            return new IdempotencyTicket(IdempotencyOutcome.Mismatch, current.ResourceId, null);
        }

        return current.Response is null
            ? new IdempotencyTicket(IdempotencyOutcome.Proceed, current.ResourceId, null)
            : new IdempotencyTicket(IdempotencyOutcome.Replay, current.ResourceId, current.Response);
    }

    public async Task CompleteAsync(StoredResponse response)
    {
        if (state.State.Response is not null)
        {
            return;
        }

        state.State.Response = response;
        state.State.CompletedAt = time.GetUtcNow();
        await state.WriteStateAsync();
    }
}

[GenerateSerializer]
public sealed class IdempotencyState
{
    [Id(0)] public string? Fingerprint { get; set; }
    [Id(1)] public Guid ResourceId { get; set; }
    [Id(2)] public StoredResponse? Response { get; set; }
    [Id(3)] public DateTimeOffset FirstSeenAt { get; set; }
    [Id(4)] public DateTimeOffset? CompletedAt { get; set; }
}
