namespace Bss.Domain.Common;

/// <summary>
/// The Idempotency-Key a create was made with, kept in the created entity's own state and written by the create's
/// own write: the fingerprint of the request (caller, route, body) and when it was first applied. A hash, not the
/// request: no personal data is kept twice.
/// </summary>
[GenerateSerializer]
public sealed class CreateKey
{
    [Id(0)] public string Fingerprint { get; set; } = "";
    [Id(1)] public DateTimeOffset At { get; set; }
}

/// <summary>What a create with an Idempotency-Key does before the kind's own rules run.</summary>
public enum KeyedCreateOutcome
{
    /// <summary>The key is new to this entity, or its record is past its retention: the kind's create rules decide.</summary>
    Proceed,

    /// <summary>The same request was applied before: answer the entity as it stands, and write nothing.</summary>
    Replay,

    /// <summary>The key was used with another request: refused, nothing written.</summary>
    Mismatch,
}

/// <summary>A create's answer: the entity, and whether this request made it or replayed an earlier one with its key.</summary>
[GenerateSerializer, Immutable]
public sealed record Created<TView>([property: Id(0)] TView View, [property: Id(1)] bool Replayed);

/// <summary>
/// The rules of a create keyed by an Idempotency-Key. The entity's id is derived from the key, so every repeat of the
/// request reaches the entity the first one made (or would have made) and finds the key's record there.
/// </summary>
public static class KeyedCreate
{
    public static DomainError KeyReused { get; } = new(ErrorKind.IdempotencyKeyReused,
        "The Idempotency-Key was already used with a different request body.");

    /// <summary>
    /// A record within its retention decides: the same fingerprint replays, another is refused. Past its retention, or
    /// on an entity deleted since, the key is forgotten and the kind's create rules answer the repeat as a new request
    /// on the same id (an identical create is answered with the entity, anything else is refused as taken).
    /// </summary>
    public static KeyedCreateOutcome Decide(EntityState current, string fingerprint, DateTimeOffset now, TimeSpan retention)
    {
        if (!current.Exists || current.CreatedWith is not { } record || now >= record.At + retention)
        {
            return KeyedCreateOutcome.Proceed;
        }

        return string.Equals(record.Fingerprint, fingerprint, StringComparison.Ordinal)
            ? KeyedCreateOutcome.Replay
            : KeyedCreateOutcome.Mismatch;
    }
}
