using Bss.Domain.Common;

namespace Bss.Domain.Customers;

/// <summary>
/// A customer as the grain holds and persists it: JSON (camelCase) in the grain storage table, from which the
/// documents read table is projected; rename properties with care.
/// </summary>
[GenerateSerializer]
public sealed class CustomerState : EntityState
{
    [Id(0)] public string FirstName { get; set; } = "";
    [Id(1)] public string LastName { get; set; } = "";
    [Id(2)] public string Email { get; set; } = "";
    [Id(3)] public string? Pesel { get; set; }
    [Id(4)] public string? Nip { get; set; }
    [Id(5)] public string? Phone { get; set; }
    [Id(6)] public CustomerStatus Status { get; set; }
}
