using Bss.Abstractions.Common;
using Bss.Domain.Common;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace Bss.Grains.Common;

/// <summary>
/// One Idempotency-Key. Beginning costs no write: the resource id is derived from the key itself, so a retry after a
/// crash targets the same resource without anything stored first, and the fingerprint is held in memory while the
/// request runs. Completing stores fingerprint, resource id and response in one write; from then on the key replays.
/// (A retry with a different body after a crash between the two finds the resource taken, not a 422.)
/// A refusal without effect (4xx) is not stored, so a corrected request may reuse the key.
/// The record is kept for <see cref="IdempotencyOptions.Retention"/> after completion: the first use after that deletes
/// it (response, personal data and all), and <see cref="IdempotencySweeper"/> deletes those never used again. A repeat
/// after expiry is a new request; being derived from the key, its resource id is the same as before, so a repeated
/// create finds the resource it made (answered as it stands, or refused if it changed) rather than making a second.
/// </summary>
[GrainType("idempotency")]
public sealed class IdempotencyGrain(
    [PersistentState("idempotency", GrainStorage.Name)] IPersistentState<IdempotencyState> state,
    TimeProvider time,
    IOptions<IdempotencyOptions> options) : Grain, IIdempotencyGrain
{
    private string? _inFlightFingerprint;
    private DateTimeOffset _firstSeenAt;

    public async Task<IdempotencyTicket> BeginAsync(string requestFingerprint)
    {
        await ForgetIfExpiredAsync();
        return Decide(requestFingerprint);
    }

    private IdempotencyTicket Decide(string requestFingerprint)
    {
        var current = state.State;
        var resourceId = current.Fingerprint is null ? IdempotencyKeys.ResourceIdFor(this.GetPrimaryKey()) : current.ResourceId;
        var fingerprint = current.Fingerprint ?? _inFlightFingerprint;
        if (fingerprint is null)
        {
            (_inFlightFingerprint, _firstSeenAt) = (requestFingerprint, time.GetUtcNow());
            return new IdempotencyTicket(IdempotencyOutcome.Proceed, resourceId, null);
        }

        if (!string.Equals(fingerprint, requestFingerprint, StringComparison.Ordinal))
        {
            return new IdempotencyTicket(IdempotencyOutcome.Mismatch, resourceId, null);
        }

        return current.Response is null
            ? new IdempotencyTicket(IdempotencyOutcome.Proceed, resourceId, null)
            : new IdempotencyTicket(IdempotencyOutcome.Replay, resourceId, current.Response);
    }

    public Task AbandonAsync(string requestFingerprint)
    {
        // Only a request that is merely in flight is forgotten; a stored response stays whatever a retry says.
        if (state.State.Fingerprint is null && string.Equals(_inFlightFingerprint, requestFingerprint, StringComparison.Ordinal))
        {
            _inFlightFingerprint = null;
        }

        return Task.CompletedTask;
    }

    /// <summary>Deletes the stored record once its retention is over (the row goes: DeleteStateOnClear).</summary>
    private async Task ForgetIfExpiredAsync()
    {
        if (state.State.CompletedAt is not { } completedAt || time.GetUtcNow() < completedAt + options.Value.Retention)
        {
            return;
        }

        try
        {
            await state.ClearStateAsync();
        }
        catch (InconsistentStateException)
        {
            // The sweeper deleted the row first: read what is there now (nothing).
            await state.ReadStateAsync();
        }

        if (state.State.Response is not null)
        {
            return;
        }

        state.State = new IdempotencyState();
        _inFlightFingerprint = null;
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
            ResourceId = state.State.Fingerprint is null ? IdempotencyKeys.ResourceIdFor(this.GetPrimaryKey()) : state.State.ResourceId,
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
