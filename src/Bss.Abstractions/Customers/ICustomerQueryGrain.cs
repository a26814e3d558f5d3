using Bss.Abstractions.Common;
using Bss.Domain.Customers;

namespace Bss.Abstractions.Customers;

/// <summary>Lists and searches customers from the query side (the customers read table).</summary>
public interface ICustomerQueryGrain : IGrainWithIntegerKey
{
    Task<Page<CustomerView>> SearchAsync(CustomerSearch search, CancellationToken cancellationToken = default);

    /// <summary>Customers per status code (statuses with none are absent).</summary>
    Task<Dictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken = default);
}

[GenerateSerializer, Immutable]
public sealed record CustomerSearch(
    [property: Id(0)] PageRequest Page,
    [property: Id(1)] CustomerStatus? Status,
    [property: Id(2)] string? SearchTerm,
    [property: Id(3)] bool SearchNamesOnly = false);

public static class CustomerSortFields
{
    /// <summary>Fields a list may be sorted by (API names).</summary>
    public static readonly IReadOnlyList<string> All =
        ["createdAt", "updatedAt", "firstName", "lastName", "email", "status"];
}
