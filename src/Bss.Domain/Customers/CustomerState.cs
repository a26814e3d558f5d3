namespace Bss.Domain.Customers;

/// <summary>
/// A customer as the grain holds and persists it. Stored as JSON (camelCase) in the grain storage table; the
/// customers read table is projected from exactly these property names, so rename with care.
/// </summary>
[GenerateSerializer]
public sealed class CustomerState
{
    [Id(0)] public Guid Id { get; set; }
    [Id(1)] public string FirstName { get; set; } = "";
    [Id(2)] public string LastName { get; set; } = "";
    [Id(3)] public string Email { get; set; } = "";
    [Id(4)] public string? Pesel { get; set; }
    [Id(5)] public string? Nip { get; set; }
    [Id(6)] public string? Phone { get; set; }
    [Id(7)] public CustomerStatus Status { get; set; }
    [Id(8)] public DateTimeOffset CreatedAt { get; set; }
    [Id(9)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The business version the API shows and checks (0 = never created).</summary>
    [Id(10)] public int Version { get; set; }

    /// <summary>A deleted customer keeps a tombstone so its id is never reused.</summary>
    [Id(11)] public bool IsDeleted { get; set; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool Exists => Version > 0 && !IsDeleted;
}
