using Bss.Domain.Common;

namespace Bss.Domain.Assets;

/// <summary>
/// A device's rules. Status machine (IN_USE is entered only by assigning, and the holder is kept exactly while
/// IN_USE):
/// AVAILABLE → IN_USE (assign) | RESERVED | MAINTENANCE | DAMAGED | STOLEN | LOST | RETIRED;
/// RESERVED → AVAILABLE | MAINTENANCE | DAMAGED | STOLEN | LOST | RETIRED;
/// IN_USE → AVAILABLE (release) | RETURNED | MAINTENANCE | DAMAGED | STOLEN | LOST;
/// RETURNED → IN_USE (assign) | AVAILABLE | MAINTENANCE | DAMAGED | RETIRED;
/// MAINTENANCE → AVAILABLE | DAMAGED | RETIRED; DAMAGED → MAINTENANCE | RETIRED;
/// LOST → AVAILABLE (found) | STOLEN | RETIRED; STOLEN → AVAILABLE (recovered) | RETIRED; RETIRED is final.
/// </summary>
public static class Asset
{
    public const string Name = "Asset";

    public static readonly StatusMachine<AssetStatus> Statuses = new(Name, new Dictionary<AssetStatus, AssetStatus[]>
    {
        [AssetStatus.Available] =
        [
            AssetStatus.InUse, AssetStatus.Reserved, AssetStatus.Maintenance, AssetStatus.Damaged, AssetStatus.Stolen,
            AssetStatus.Lost, AssetStatus.Retired,
        ],
        [AssetStatus.Reserved] =
        [
            AssetStatus.Available, AssetStatus.Maintenance, AssetStatus.Damaged, AssetStatus.Stolen, AssetStatus.Lost,
            AssetStatus.Retired,
        ],
        [AssetStatus.InUse] =
        [
            AssetStatus.Available, AssetStatus.Returned, AssetStatus.Maintenance, AssetStatus.Damaged, AssetStatus.Stolen,
            AssetStatus.Lost,
        ],
        [AssetStatus.Returned] =
            [AssetStatus.InUse, AssetStatus.Available, AssetStatus.Maintenance, AssetStatus.Damaged, AssetStatus.Retired],
        [AssetStatus.Maintenance] = [AssetStatus.Available, AssetStatus.Damaged, AssetStatus.Retired],
        [AssetStatus.Damaged] = [AssetStatus.Maintenance, AssetStatus.Retired],
        [AssetStatus.Lost] = [AssetStatus.Available, AssetStatus.Stolen, AssetStatus.Retired],
        [AssetStatus.Stolen] = [AssetStatus.Available, AssetStatus.Retired],
        [AssetStatus.Retired] = [],
    });

    public static readonly Assignments<AssetState, AssetStatus> Assignments =
        new(Name, Statuses, assigned: AssetStatus.InUse, released: AssetStatus.Available, held: [AssetStatus.InUse]);

    public const int MaxLocationLength = 200;

    /// <summary>Trims, treats empty optional fields as absent, and spells the type as its code.</summary>
    public static AssetDetails Normalize(AssetDetails d) => new(
        TextRules.Normalize(d.AssetTag),
        EnumText.TryParse<AssetType>(d.AssetType, out var type) ? EnumText.Code(type) : TextRules.Normalize(d.AssetType),
        TextRules.Normalize(d.Name),
        TextRules.Normalize(d.Description),
        TextRules.Normalize(d.SerialNumber),
        TextRules.Normalize(d.ModelNumber),
        TextRules.Normalize(d.Manufacturer),
        d.PurchaseDate,
        d.WarrantyExpiry,
        TextRules.Normalize(d.Location),
        TextRules.Normalize(d.CostCenter),
        TextRules.Normalize(d.Notes));

    public static FieldErrors Validate(AssetDetails d) => new FieldErrors()
        .Check("assetTag", TextRules.Length(d.AssetTag, 1, 50))
        .Check("assetType", AssetRules.EnumCode<AssetType>(d.AssetType))
        .Check("name", TextRules.Length(d.Name, 1, 100))
        .Check("description", TextRules.Length(d.Description, 1, 500, required: false))
        .Check("serialNumber", TextRules.Length(d.SerialNumber, 1, 100, required: false))
        .Check("modelNumber", TextRules.Length(d.ModelNumber, 1, 100, required: false))
        .Check("manufacturer", TextRules.Length(d.Manufacturer, 1, 100, required: false))
        .Check("warrantyExpiry", AssetRules.NotBefore(d.WarrantyExpiry, d.PurchaseDate, "purchaseDate"))
        .Check("location", TextRules.Length(d.Location, 1, MaxLocationLength, required: false))
        .Check("costCenter", TextRules.Length(d.CostCenter, 1, 50, required: false))
        .Check("notes", TextRules.Length(d.Notes, 1, 1000, required: false));

    /// <summary>The details a state was created or last updated with (to recognise a retried create).</summary>
    public static AssetDetails DetailsOf(AssetState s) => new(
        s.AssetTag, EnumText.Code(s.AssetType), s.Name, s.Description, s.SerialNumber, s.ModelNumber, s.Manufacturer,
        s.PurchaseDate, s.WarrantyExpiry, s.Location, s.CostCenter, s.Notes);

    /// <summary>A new device is AVAILABLE and held by nobody.</summary>
    public static Result<AssetState> Create(AssetState current, Guid id, AssetDetails details, DateTimeOffset now)
    {
        if (Entity.MustBeNew(current, Name, id) is { } exists)
        {
            return exists;
        }

        var normalized = Normalize(details);
        return Validate(normalized).ToResult(() =>
        {
            var created = Apply(current.FirstVersion<AssetState>(id, now), normalized);
            created.Status = AssetStatus.Available;
            return created;
        });
    }

    /// <summary>Replaces the details; status and holder change only through their own commands.</summary>
    public static Result<AssetState> Update(AssetState current, AssetDetails details, int expectedVersion, DateTimeOffset now)
    {
        if (Entity.Guard(current, Name, expectedVersion) is { } error)
        {
            return error;
        }

        if (current.Status == AssetStatus.Retired)
        {
            return new DomainError(ErrorKind.Conflict, $"Asset {current.Id} is RETIRED and cannot be changed.");
        }

        var normalized = Normalize(details);
        return Validate(normalized).ToResult(() => Apply(current.NextVersion<AssetState>(now), normalized));
    }

    public static Result<AssetState> ChangeStatus(AssetState current, AssetStatus target, int? expectedVersion, DateTimeOffset now) =>
        Assignments.ChangeStatus(current, target, expectedVersion, now);

    /// <summary>AVAILABLE or RETURNED → IN_USE for an ACTIVE customer; a given location replaces the device's.</summary>
    public static Result<AssetState> Assign(AssetState current, Guid customerId, string? location, Assignee? customer, DateTimeOffset now)
    {
        var place = TextRules.Normalize(location);
        if (TextRules.Length(place, 1, MaxLocationLength, required: false) is { } problem)
        {
            return DomainError.Validation(new FieldErrors().Add("location", problem));
        }

        return Assignments.Assign(current, customerId, customer, now, next => next.Location = place ?? next.Location);
    }

    /// <summary>IN_USE → AVAILABLE, clearing the holder.</summary>
    public static Result<AssetState> Release(AssetState current, int? expectedVersion, DateTimeOffset now) =>
        Assignments.Release(current, expectedVersion, now);

    private static AssetState Apply(AssetState state, AssetDetails d)
    {
        state.AssetTag = d.AssetTag!;
        state.AssetType = EnumText.TryParse<AssetType>(d.AssetType, out var type) ? type : default;
        state.Name = d.Name!;
        state.Description = d.Description;
        state.SerialNumber = d.SerialNumber;
        state.ModelNumber = d.ModelNumber;
        state.Manufacturer = d.Manufacturer;
        state.PurchaseDate = d.PurchaseDate;
        state.WarrantyExpiry = d.WarrantyExpiry;
        state.Location = d.Location;
        state.CostCenter = d.CostCenter;
        state.Notes = d.Notes;
        return state;
    }
}
