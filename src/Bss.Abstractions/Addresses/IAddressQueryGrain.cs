using Bss.Abstractions.Common;
using Bss.Domain.Addresses;

namespace Bss.Abstractions.Addresses;

/// <summary>Lists and searches addresses from the query side (the documents read table).</summary>
public interface IAddressQueryGrain : IGrainWithIntegerKey
{
    Task<Page<AddressView>> SearchAsync(AddressSearch search, CancellationToken cancellationToken = default);

    /// <summary>Every address of one customer, oldest first (at most <see cref="AddressSearch.MaxPerCustomer"/>).</summary>
    Task<IReadOnlyList<AddressView>> ForCustomerAsync(Guid customerId);

    /// <summary>Addresses per status code (statuses with none are absent).</summary>
    Task<Dictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken = default);
}

[GenerateSerializer, Immutable]
public sealed record AddressSearch(
    [property: Id(0)] PageRequest Page,
    [property: Id(1)] Guid? CustomerId,
    [property: Id(2)] AddressType? Type,
    [property: Id(3)] AddressStatus? Status,
    [property: Id(4)] Country? Country,
    [property: Id(5)] string? SearchTerm)
{
    /// <summary>A bound on the per-customer list, which is not paged; a customer has a handful of addresses.</summary>
    public const int MaxPerCustomer = 1000;
}

public static class AddressSortFields
{
    /// <summary>Fields a list may be sorted by (API names).</summary>
    public static readonly IReadOnlyList<string> All =
        ["createdAt", "updatedAt", "status", "type", "street", "city", "postalCode", "country", "customerName"];
}
