using Bss.Abstractions.Common;
using Bss.Domain.Assets;

namespace Bss.Abstractions.Assets;

/// <summary>Lists and counts devices from the query side (documents of kind "asset").</summary>
public interface IAssetQueryGrain : IGrainWithIntegerKey
{
    Task<Page<AssetView>> SearchAsync(AssetSearch search, CancellationToken cancellationToken = default);

    /// <summary>Devices whose warranty ends from today (the silo clock's UTC date) through today + days.</summary>
    Task<Page<AssetView>> WarrantyExpiringAsync(PageRequest page, int days);

    /// <summary>Devices per status code (statuses with none are absent).</summary>
    Task<Dictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken = default);
}

[GenerateSerializer, Immutable]
public sealed record AssetSearch(
    [property: Id(0)] PageRequest Page,
    [property: Id(1)] AssetStatus? Status,
    [property: Id(2)] AssetType? Type,
    [property: Id(3)] string? SearchTerm,
    [property: Id(4)] Guid? CustomerId);

public static class AssetSortFields
{
    /// <summary>Fields a device list may be sorted by (API names).</summary>
    public static readonly IReadOnlyList<string> All =
    [
        "createdAt", "updatedAt", "status", "assetTag", "assetType", "name", "serialNumber", "manufacturer",
        "purchaseDate", "warrantyExpiry", "assignedDate",
    ];
}
