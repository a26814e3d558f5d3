namespace Bss.PlainEndpoint;

/// <summary>The fields of the API's CustomerResponse, filled as a typical seeded customer.</summary>
internal sealed record PlainCustomer(
    Guid Id,
    string FirstName,
    string LastName,
    string? Pesel,
    string? Nip,
    string Email,
    string? Phone,
    string Status,
    string StatusDisplayName,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version)
{
    public static PlainCustomer Sample(Guid id, DateTimeOffset at) => new(
        id, "Jan", "PerfSeedx12345z", "44051401359", null, "perf.seed.12345@example.com", "+48600100200",
        "ACTIVE", "Active", at, at, 1);
}
