using Bss.Abstractions.Common;
using Bss.Domain.Common;

namespace Bss.Grains.Common;

/// <summary>
/// One Idempotency-Key. Beginning costs no write: the resource id is derived from the key itself, so a retry after a
/// crash targets the same resource without anything stored first, and the fingerprint is held in memory while the
/// request runs. Completing stores fingerprint, resource id and response in one write; from then on the key replays.
/// (A retry with a different body after a crash between the two finds the resource taken, not a 422.)
/// </summary>
[GrainType("idempotency")]
public sealed class IdempotencyGrain(
    [PersistentState("idempotency", GrainStorage.Name)] IPersistentState<IdempotencyState> state,
    TimeProvider time) : Grain, IIdempotencyGrain
{
    private string? _inFlightFingerprint;
    private DateTimeOffset _firstSeenAt;

    /// <summary>The resource a key creates: the same on every silo and after any restart.</summary>
    public static Guid ResourceIdFor(Guid key) => NameUuid.From("idempotency-resource/" + key.ToString("N"));

    public Task<IdempotencyTicket> BeginAsync(string requestFingerprint)
    {
        var current = state.State;
        var resourceId = current.Fingerprint is null ? ResourceIdFor(this.GetPrimaryKey()) : current.ResourceId;
        var fingerprint = current.Fingerprint ?? _inFlightFingerprint;
        if (fingerprint is null)
        {
            (_inFlightFingerprint, _firstSeenAt) = (requestFingerprint, time.GetUtcNow());
            return Task.FromResult(new IdempotencyTicket(IdempotencyOutcome.Proceed, resourceId, null));
        }

        if (!string.Equals(fingerprint, requestFingerprint, StringComparison.Ordinal))
        {
            return Task.FromResult(new IdempotencyTicket(IdempotencyOutcome.Mismatch, resourceId, null));
        }

        return Task.FromResult(current.Response is null
            ? new IdempotencyTicket(IdempotencyOutcome.Proceed, resourceId, null)
            : new IdempotencyTicket(IdempotencyOutcome.Replay, resourceId, current.Response));
    }

    public async Task CompleteAsync(string requestFingerprint, StoredResponse response)
    {
        if (state.State.Response is not null)
        {
            return;
        }

        var now = time.GetUtcNow();
        var begunHere = string.Equals(_inFlightFingerprint, requestFingerprint, StringComparison.Ordinal);
        state.State = new IdempotencyState
        {
            Fingerprint = state.State.Fingerprint ?? requestFingerprint,
            ResourceId = state.State.Fingerprint is null ? ResourceIdFor(this.GetPrimaryKey()) : state.State.ResourceId,
            Response = response,
            FirstSeenAt = state.State.Fingerprint is not null ? state.State.FirstSeenAt : begunHere ? _firstSeenAt : now,
            CompletedAt = now,
        };
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
