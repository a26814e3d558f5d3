using Bss.Domain.Addresses;
using Bss.Domain.Common;

namespace Bss.Abstractions.Addresses;

/// <summary>One address of a customer, keyed by its id.</summary>
public interface IAddressGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Adds the address to the customer it names (who must exist). The same details again under the same id
    /// answer the existing address (a retried create); other details under a taken id are refused with AlreadyExists.
    /// A second primary address of the customer and type is refused with a Conflict naming isPrimary.
    /// </summary>
    Task<Result<AddressView>> CreateAsync(AddressDetails details);

    /// <summary>
    /// <see cref="CreateAsync"/> keyed by an Idempotency-Key (the request's fingerprint; null without a key): the key's
    /// record is kept in this entity and written by the create's own write; a repeat replays, another request with
    /// the key is refused (<see cref="ErrorKind.IdempotencyKeyReused"/>).
    /// </summary>
    Task<Result<Created<AddressView>>> CreateOnceAsync(AddressDetails details, string? requestFingerprint);

    [Orleans.Concurrency.ReadOnly]
    Task<AddressView?> GetAsync();

    Task<Result<AddressView>> UpdateDetailsAsync(AddressDetails details, int expectedVersion);

    Task<Result<AddressView>> ChangeStatusAsync(AddressStatus target, int? expectedVersion);

    Task<Result<AddressView>> DeleteAsync(int? expectedVersion);
}

[GenerateSerializer, Immutable]
public sealed record AddressView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid CustomerId,
    [property: Id(2)] string CustomerName,
    [property: Id(3)] AddressType Type,
    [property: Id(4)] AddressStatus Status,
    [property: Id(5)] string Street,
    [property: Id(6)] string HouseNumber,
    [property: Id(7)] string? ApartmentNumber,
    [property: Id(8)] string PostalCode,
    [property: Id(9)] string City,
    [property: Id(10)] string? Region,
    [property: Id(11)] Country Country,
    [property: Id(12)] decimal? Latitude,
    [property: Id(13)] decimal? Longitude,
    [property: Id(14)] bool IsPrimary,
    [property: Id(15)] DateTimeOffset CreatedAt,
    [property: Id(16)] DateTimeOffset UpdatedAt,
    [property: Id(17)] int Version)
{
    public static AddressView From(AddressState s) => new(
        s.Id, s.CustomerId, s.CustomerName, s.Type, s.Status, s.Street, s.HouseNumber, s.ApartmentNumber, s.PostalCode,
        s.City, s.Region, s.Country, s.Latitude, s.Longitude, s.IsPrimary, s.CreatedAt, s.UpdatedAt, s.Version);
}
