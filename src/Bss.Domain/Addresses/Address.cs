using System.Text.RegularExpressions;
using Bss.Domain.Common;

namespace Bss.Domain.Addresses;

/// <summary>The address's rules: pure decisions on state, called by the grain.</summary>
public static partial class Address
{
    public const string Name = "Address";

    /// <summary>
    /// New addresses are PENDING until someone confirms them (ACTIVE) or sets them aside (INACTIVE); afterwards an
    /// address moves between ACTIVE and INACTIVE as often as needed and never back to PENDING. No status is final:
    /// an address that is no longer wanted is deleted.
    /// </summary>
    public static readonly StatusMachine<AddressStatus> Statuses = new(Name, new Dictionary<AddressStatus, AddressStatus[]>
    {
        [AddressStatus.Pending] = [AddressStatus.Active, AddressStatus.Inactive],
        [AddressStatus.Active] = [AddressStatus.Inactive],
        [AddressStatus.Inactive] = [AddressStatus.Active],
    });

    /// <summary>How the address shows its customer: "firstName lastName".</summary>
    public static string CustomerNameOf(string firstName, string lastName) => $"{firstName} {lastName}";

    /// <summary>Trims the details and treats empty optional fields (and an empty customer id) as absent.</summary>
    public static AddressDetails Normalize(AddressDetails details) => details with
    {
        CustomerId = details.CustomerId == Guid.Empty ? null : details.CustomerId,
        Street = TextRules.Normalize(details.Street),
        HouseNumber = TextRules.Normalize(details.HouseNumber),
        ApartmentNumber = TextRules.Normalize(details.ApartmentNumber),
        PostalCode = TextRules.Normalize(details.PostalCode),
        City = TextRules.Normalize(details.City),
        Region = TextRules.Normalize(details.Region),
    };

    public static FieldErrors Validate(AddressDetails details) => new FieldErrors()
        .Check("customerId", details.CustomerId is null ? "is required" : null)
        .Check("type", details.Type is null ? "is required" : null)
        .Check("street", TextRules.Length(details.Street, 1, 100))
        .Check("houseNumber", TextRules.Length(details.HouseNumber, 1, 20))
        .Check("apartmentNumber", TextRules.Length(details.ApartmentNumber, 1, 20, required: false))
        .Check("postalCode", PostalCode(details.PostalCode))
        .Check("city", TextRules.Length(details.City, 1, 100))
        .Check("region", TextRules.Length(details.Region, 1, 100, required: false))
        .Check("country", details.Country is null ? "is required" : null)
        .Check("latitude", Coordinate(details.Latitude, 90, details.Longitude, "longitude"))
        .Check("longitude", Coordinate(details.Longitude, 180, details.Latitude, "latitude"));

    /// <summary>The contract's format, NN-NNN, for every country (the frontend validates it so too).</summary>
    public static string? PostalCode(string? value)
    {
        if (value is null)
        {
            return "is required";
        }

        return PostalCodeShape().IsMatch(value) ? null : "must be in the format NN-NNN (e.g. 00-950)";
    }

    /// <summary>
    /// Creates the address for the customer it names. <paramref name="customerName"/> is that customer's name, or
    /// null when no such customer exists (then the address is refused).
    /// </summary>
    public static Result<AddressState> Create(AddressState current, Guid id, AddressDetails details, string? customerName, DateTimeOffset now)
    {
        if (Entity.MustBeNew(current, Name, id) is { } exists)
        {
            return exists;
        }

        var normalized = Normalize(details);
        var errors = Validate(normalized);
        if (normalized.CustomerId is not null && customerName is null)
        {
            errors.Add("customerId", "refers to no existing customer");
        }

        return errors.ToResult(() =>
        {
            var created = Apply(current.FirstVersion<AddressState>(id, now), normalized, customerName!);
            created.Status = AddressStatus.Pending;
            return created;
        });
    }

    /// <summary>
    /// Replaces the details. The customer cannot change (the body may omit it or repeat it).
    /// <paramref name="customerName"/> is the customer's current name, or null to keep the one the address has
    /// (the customer is no longer found).
    /// </summary>
    public static Result<AddressState> Update(AddressState current, AddressDetails details, string? customerName,
        int expectedVersion, DateTimeOffset now)
    {
        if (Entity.Guard(current, Name, expectedVersion) is { } error)
        {
            return error;
        }

        var normalized = Normalize(details);
        var errors = Validate(normalized with { CustomerId = normalized.CustomerId ?? current.CustomerId });
        if (normalized.CustomerId is { } other && other != current.CustomerId)
        {
            errors.Add("customerId", "cannot be changed: create a new address for the other customer");
        }

        return errors.ToResult(() => Apply(current.NextVersion<AddressState>(now),
            normalized with { CustomerId = current.CustomerId }, customerName ?? current.CustomerName));
    }

    public static Result<AddressState> ChangeStatus(AddressState current, AddressStatus target, int? expectedVersion, DateTimeOffset now)
    {
        if ((Entity.Guard(current, Name, expectedVersion) ?? Statuses.Check(current.Status, target)) is { } error)
        {
            return error;
        }

        var next = current.NextVersion<AddressState>(now);
        next.Status = target;
        return Result<AddressState>.Ok(next);
    }

    public static Result<AddressState> Delete(AddressState current, int? expectedVersion, DateTimeOffset now) =>
        Entity.Delete(current, Name, expectedVersion, now);

    /// <summary>Whether the address already has exactly these (normalized) details: a retried create.</summary>
    public static bool HasDetails(AddressState state, AddressDetails normalized) => DetailsOf(state) == normalized;

    private static AddressDetails DetailsOf(AddressState s) => new(
        s.CustomerId, s.Type, s.Street, s.HouseNumber, s.ApartmentNumber, s.PostalCode, s.City, s.Region, s.Country,
        s.Latitude, s.Longitude, s.IsPrimary);

    /// <summary>Latitude and longitude come together, each within its range.</summary>
    private static string? Coordinate(decimal? value, int limit, decimal? other, string otherName)
    {
        if (value is null)
        {
            return other is null ? null : $"is required when {otherName} is given";
        }

        return value < -limit || value > limit ? $"must be between -{limit} and {limit}" : null;
    }

    private static AddressState Apply(AddressState state, AddressDetails details, string customerName)
    {
        state.CustomerId = details.CustomerId!.Value;
        state.CustomerName = customerName;
        state.Type = details.Type!.Value;
        state.Street = details.Street!;
        state.HouseNumber = details.HouseNumber!;
        state.ApartmentNumber = details.ApartmentNumber;
        state.PostalCode = details.PostalCode!;
        state.City = details.City!;
        state.Region = details.Region;
        state.Country = details.Country!.Value;
        state.Latitude = details.Latitude;
        state.Longitude = details.Longitude;
        state.IsPrimary = details.IsPrimary;
        return state;
    }

    [GeneratedRegex("^[0-9]{2}-[0-9]{3}$")]
    private static partial Regex PostalCodeShape();
}
