using System.Text.Json.Serialization;

namespace Bss.Domain.Common;

/// <summary>
/// What every persisted entity has: an id, audit timestamps, the business version the API shows and checks,
/// and a tombstone flag (a deleted entity keeps its id so it is never reused).
/// </summary>
[GenerateSerializer]
public abstract class EntityState
{
    [Id(0)] public Guid Id { get; set; }
    [Id(1)] public DateTimeOffset CreatedAt { get; set; }
    [Id(2)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>0 until created; every accepted change adds one.</summary>
    [Id(3)] public int Version { get; set; }

    [Id(4)] public bool IsDeleted { get; set; }

    /// <summary>
    /// The Idempotency-Key the entity was created with (null without one): set on the unwritten state before the
    /// create's rules run, so the first version carries it (<see cref="FirstVersion{T}"/> copies it) and later
    /// versions keep it. See <see cref="KeyedCreate"/>.
    /// </summary>
    [Id(5)] public CreateKey? CreatedWith { get; set; }

    [JsonIgnore]
    public bool Exists => Version > 0 && !IsDeleted;

    /// <summary>
    /// A shallow copy for the next version. Rules change the copy, never the current state, so a refused or
    /// failed write leaves the confirmed state untouched; collections must be replaced, not mutated.
    /// </summary>
    public T NextVersion<T>(DateTimeOffset now) where T : EntityState
    {
        var next = (T)MemberwiseClone();
        next.Version = Version + 1;
        next.UpdatedAt = now;
        return next;
    }

    /// <summary>A shallow copy at the same version, for bookkeeping that is not a business change.</summary>
    public T Copy<T>() where T : EntityState => (T)MemberwiseClone();

    /// <summary>Fills in what a first version has.</summary>
    public T FirstVersion<T>(Guid id, DateTimeOffset now) where T : EntityState
    {
        var first = (T)MemberwiseClone();
        first.Id = id;
        first.CreatedAt = now;
        first.UpdatedAt = now;
        first.Version = 1;
        first.IsDeleted = false;
        return first;
    }
}
