using System.Text.Json.Serialization;
using Bss.Abstractions.Addresses;
using Bss.Api.Http;
using Bss.Domain.Addresses;
using Bss.Domain.Common;

namespace Bss.Api.Addresses;

/// <summary>The address fields a create and a full update both carry.</summary>
public interface IAddressFields
{
    string? CustomerId { get; }
    string? Type { get; }
    string? Street { get; }
    string? HouseNumber { get; }
    string? ApartmentNumber { get; }
    string? PostalCode { get; }
    string? City { get; }
    string? Region { get; }
    string? Country { get; }
    decimal? Latitude { get; }
    decimal? Longitude { get; }
    bool? IsPrimary { get; }
}

/// <summary>POST body.</summary>
public sealed record CreateAddressRequest(
    string? CustomerId,
    string? Type,
    string? Street,
    string? HouseNumber,
    string? ApartmentNumber,
    string? PostalCode,
    string? City,
    string? Region,
    string? Country,
    decimal? Latitude,
    decimal? Longitude,
    bool? IsPrimary) : IAddressFields;

/// <summary>PUT /{id} body: the full details and the version they were read at; customerId may be omitted or repeated.</summary>
public sealed record UpdateAddressRequest(
    string? Id,
    string? CustomerId,
    string? Type,
    string? Street,
    string? HouseNumber,
    string? ApartmentNumber,
    string? PostalCode,
    string? City,
    string? Region,
    string? Country,
    decimal? Latitude,
    decimal? Longitude,
    bool? IsPrimary,
    int? Version) : IAddressFields;

/// <summary>PATCH /{id}/status body.</summary>
public sealed record ChangeAddressStatusRequest(string? Id, string? Status, int? Version);

public static class AddressFields
{
    /// <summary>
    /// The details with the customer id and enum codes parsed; a malformed one is reported in <paramref name="errors"/>
    /// under its field. Absent values stay null (the rules say what is required).
    /// </summary>
    public static AddressDetails ToDetails(this IAddressFields request, FieldErrors errors) => new(
        QueryParameters.Id(request.CustomerId, "customerId", errors),
        QueryParameters.Enum<AddressType>(request.Type, "type", errors),
        request.Street,
        request.HouseNumber,
        request.ApartmentNumber,
        request.PostalCode,
        request.City,
        request.Region,
        QueryParameters.Enum<Country>(request.Country, "country", errors),
        request.Latitude,
        request.Longitude,
        request.IsPrimary ?? false);
}

/// <summary>
/// An address as the frontend reads it. The optional fields (apartmentNumber, region, latitude, longitude) are left
/// out when absent rather than sent as null: the frontend's schema declares them optional, not nullable.
/// </summary>
public sealed record AddressResponse(
    Guid Id,
    Guid CustomerId,
    string CustomerName,
    string Type,
    string TypeDisplayName,
    string Status,
    string StatusDisplayName,
    string Street,
    string HouseNumber,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ApartmentNumber,
    string PostalCode,
    string City,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Region,
    string Country,
    string CountryDisplayName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Latitude,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Longitude,
    bool IsPrimary,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version)
{
    public static AddressResponse From(AddressView a) => new(
        a.Id, a.CustomerId, a.CustomerName,
        EnumText.Code(a.Type), EnumText.Display(a.Type),
        EnumText.Code(a.Status), EnumText.Display(a.Status),
        a.Street, a.HouseNumber, a.ApartmentNumber, a.PostalCode, a.City, a.Region,
        EnumText.Code(a.Country), CountryNames.Display(a.Country),
        a.Latitude, a.Longitude, a.IsPrimary, a.CreatedAt, a.UpdatedAt, a.Version);
}
