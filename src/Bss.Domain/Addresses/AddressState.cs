using Bss.Domain.Common;

namespace Bss.Domain.Addresses;

/// <summary>
/// An address as the grain holds and persists it. The documents read table is projected from this JSON:
/// <c>customerId</c> fills its customer column, <c>street</c>, <c>city</c>, <c>postalCode</c> and
/// <c>customerName</c> feed the search, and <c>customerId</c> + <c>type</c> + <c>isPrimary</c> carry the unique
/// index of dev/postgres/010-read-model.sql (key columns: 001-orleans-storage.sql); rename properties with care.
/// </summary>
[GenerateSerializer]
public sealed class AddressState : EntityState
{
    [Id(0)] public Guid CustomerId { get; set; }

    /// <summary>"firstName lastName" of the customer, copied when the address is created or updated.</summary>
    [Id(1)] public string CustomerName { get; set; } = "";

    [Id(2)] public AddressType Type { get; set; }
    [Id(3)] public AddressStatus Status { get; set; }
    [Id(4)] public string Street { get; set; } = "";
    [Id(5)] public string HouseNumber { get; set; } = "";
    [Id(6)] public string? ApartmentNumber { get; set; }
    [Id(7)] public string PostalCode { get; set; } = "";
    [Id(8)] public string City { get; set; } = "";
    [Id(9)] public string? Region { get; set; }
    [Id(10)] public Country Country { get; set; }
    [Id(11)] public decimal? Latitude { get; set; }
    [Id(12)] public decimal? Longitude { get; set; }
    [Id(13)] public bool IsPrimary { get; set; }
}
