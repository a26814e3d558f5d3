namespace Bss.Domain.Addresses;

/// <summary>The editable facts about an address, as a create or a full update supplies them.</summary>
[GenerateSerializer, Immutable]
public sealed record AddressDetails(
    [property: Id(0)] Guid? CustomerId,
    [property: Id(1)] AddressType? Type,
    [property: Id(2)] string? Street,
    [property: Id(3)] string? HouseNumber,
    [property: Id(4)] string? ApartmentNumber,
    [property: Id(5)] string? PostalCode,
    [property: Id(6)] string? City,
    [property: Id(7)] string? Region,
    [property: Id(8)] Country? Country,
    [property: Id(9)] decimal? Latitude,
    [property: Id(10)] decimal? Longitude,
    [property: Id(11)] bool IsPrimary);
