namespace Bss.Abstractions.Common;

/// <summary>
/// Remembers one Idempotency-Key: the fingerprint of the first request, the id of the resource it creates
/// (derived from the key, so a retry after a crash re-targets the same resource) and, once finished, the
/// response to replay — for a retention period (24 h by default), after which the key is forgotten.
/// For POSTs that are not one new entity in its own grain (commands on an existing resource, payments, billing): a
/// create of one entity keeps its key's record in the entity instead (see <c>KeyedCreates</c>), with no grain of its own.
/// </summary>
public interface IIdempotencyGrain : IGrainWithGuidKey
{
    Task<IdempotencyTicket> BeginAsync(string requestFingerprint);

    /// <summary>Stores the response for the request with this fingerprint; the first completion wins.</summary>
    Task CompleteAsync(string requestFingerprint, StoredResponse response);

    /// <summary>
    /// The request with this fingerprint was refused without effect (a 4xx): nothing is stored, and the key is free for
    /// a corrected request.
    /// </summary>
    Task AbandonAsync(string requestFingerprint);
}

public enum IdempotencyOutcome
{
    /// <summary>First use of the key, or a retry of a request whose outcome was never recorded: do the work for <see cref="IdempotencyTicket.ResourceId"/>.</summary>
    Proceed,

    /// <summary>The key finished before: replay <see cref="IdempotencyTicket.Response"/>.</summary>
    Replay,

    /// <summary>The key was used with a different request.</summary>
    Mismatch,
}

[GenerateSerializer, Immutable]
public sealed record IdempotencyTicket(
    [property: Id(0)] IdempotencyOutcome Outcome,
    [property: Id(1)] Guid ResourceId,
    [property: Id(2)] StoredResponse? Response);

[GenerateSerializer, Immutable]
public sealed record StoredResponse(
    [property: Id(0)] int StatusCode,
    [property: Id(1)] string Body,
    [property: Id(2)] string? Location,
    [property: Id(3)] string? ETag);
