namespace Bss.Domain.Customers;

/// <summary>The editable facts about a customer, as a create or update supplies them.</summary>
[GenerateSerializer, Immutable]
public sealed record CustomerDetails(
    [property: Id(0)] string? FirstName,
    [property: Id(1)] string? LastName,
    [property: Id(2)] string? Email,
    [property: Id(3)] string? Pesel,
    [property: Id(4)] string? Nip,
    [property: Id(5)] string? Phone);
