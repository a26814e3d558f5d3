using Bss.Abstractions.Assets;
using Bss.Domain.Assets;
using Bss.Domain.Common;

namespace Bss.Api.Assets;

/// <summary>POST body of a device, and PUT /{id} body (the full details, with the version they were read at).</summary>
public sealed record AssetRequest(
    string? Id,
    string? AssetTag,
    string? AssetType,
    string? Name,
    string? Description,
    string? SerialNumber,
    string? ModelNumber,
    string? Manufacturer,
    DateOnly? PurchaseDate,
    DateOnly? WarrantyExpiry,
    string? Location,
    string? CostCenter,
    string? Notes,
    int? Version)
{
    public AssetDetails ToDetails() => new(AssetTag, AssetType, Name, Description, SerialNumber, ModelNumber, Manufacturer,
        PurchaseDate, WarrantyExpiry, Location, CostCenter, Notes);
}

/// <summary>PUT /{id}/status body (devices and SIM cards).</summary>
public sealed record ChangeAssetStatusRequest(string? Id, string? Status, int? Version);

/// <summary>POST /{id}/assign body of a device.</summary>
public sealed record AssignAssetRequest(string? CustomerId, string? Location);

public sealed record AssetResponse(
    Guid Id,
    string AssetTag,
    string AssetType,
    string AssetTypeDisplayName,
    string Name,
    string? Description,
    string? SerialNumber,
    string? ModelNumber,
    string? Manufacturer,
    string Status,
    string StatusDisplayName,
    DateOnly? PurchaseDate,
    DateOnly? WarrantyExpiry,
    string? Location,
    string? AssignedToType,
    string? AssignedToTypeDisplayName,
    Guid? AssignedToId,
    string? AssignedToName,
    DateOnly? AssignedDate,
    string? CostCenter,
    string? Notes,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version)
{
    public static AssetResponse From(AssetView a) => new(
        a.Id, a.AssetTag, EnumText.Code(a.AssetType), EnumText.Display(a.AssetType), a.Name, a.Description,
        a.SerialNumber, a.ModelNumber, a.Manufacturer, EnumText.Code(a.Status), EnumText.Display(a.Status),
        a.PurchaseDate, a.WarrantyExpiry, a.Location,
        a.AssignedTo is { } h ? EnumText.Code(h.Type) : null, a.AssignedTo is { } t ? EnumText.Display(t.Type) : null,
        a.AssignedTo?.Id, a.AssignedTo?.Name, a.AssignedTo?.Since,
        a.CostCenter, a.Notes, a.CreatedAt, a.UpdatedAt, a.Version);
}
