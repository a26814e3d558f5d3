namespace Bss.Domain.Assets;

/// <summary>
/// A device as the grain holds and persists it (JSON, camelCase, in the grain storage table, projected to the
/// documents read table as kind "asset"); rename properties with care.
/// </summary>
[GenerateSerializer]
public sealed class AssetState : AssignableState<AssetStatus>
{
    [Id(0)] public string AssetTag { get; set; } = "";
    [Id(1)] public AssetType AssetType { get; set; }
    [Id(2)] public string Name { get; set; } = "";
    [Id(3)] public string? Description { get; set; }
    [Id(4)] public string? SerialNumber { get; set; }
    [Id(5)] public string? ModelNumber { get; set; }
    [Id(6)] public string? Manufacturer { get; set; }
    [Id(7)] public DateOnly? PurchaseDate { get; set; }
    [Id(8)] public DateOnly? WarrantyExpiry { get; set; }
    [Id(9)] public string? Location { get; set; }
    [Id(10)] public string? CostCenter { get; set; }
    [Id(11)] public string? Notes { get; set; }
}

/// <summary>The editable facts about a device, as a create or update supplies them (assetType as its API code).</summary>
[GenerateSerializer, Immutable]
public sealed record AssetDetails(
    [property: Id(0)] string? AssetTag,
    [property: Id(1)] string? AssetType,
    [property: Id(2)] string? Name,
    [property: Id(3)] string? Description,
    [property: Id(4)] string? SerialNumber,
    [property: Id(5)] string? ModelNumber,
    [property: Id(6)] string? Manufacturer,
    [property: Id(7)] DateOnly? PurchaseDate,
    [property: Id(8)] DateOnly? WarrantyExpiry,
    [property: Id(9)] string? Location,
    [property: Id(10)] string? CostCenter,
    [property: Id(11)] string? Notes);
