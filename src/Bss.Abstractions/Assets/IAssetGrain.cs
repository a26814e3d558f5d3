using Bss.Domain.Assets;
using Bss.Domain.Common;

namespace Bss.Abstractions.Assets;

/// <summary>
/// One device, keyed by its id. The grain is the only writer of the device's holder and handles one call at a
/// time, so two assignments of the same device are decided one after the other: the second sees the first's holder.
/// </summary>
public interface IAssetGrain : IGrainWithGuidKey
{
    /// <summary>Registers the device (AVAILABLE). The same details again under the same id answer the existing device.</summary>
    Task<Result<AssetView>> RegisterAsync(AssetDetails details);

    /// <summary>
    /// <see cref="RegisterAsync"/> keyed by an Idempotency-Key (the request's fingerprint; null without a key): the key's
    /// record is kept in this entity and written by the create's own write; a repeat replays, another request with
    /// the key is refused (<see cref="ErrorKind.IdempotencyKeyReused"/>).
    /// </summary>
    Task<Result<Created<AssetView>>> CreateOnceAsync(AssetDetails details, string? requestFingerprint);

    [Orleans.Concurrency.ReadOnly]
    Task<AssetView?> GetAsync();

    Task<Result<AssetView>> UpdateDetailsAsync(AssetDetails details, int expectedVersion);

    Task<Result<AssetView>> ChangeStatusAsync(AssetStatus target, int? expectedVersion);

    /// <summary>Hands the device to an ACTIVE customer (AVAILABLE or RETURNED → IN_USE), optionally at a new location.</summary>
    Task<Result<AssetView>> AssignToCustomerAsync(Guid customerId, string? location);

    /// <summary>Takes the device back from its holder (IN_USE → AVAILABLE).</summary>
    Task<Result<AssetView>> ReleaseAsync(int? expectedVersion);
}

[GenerateSerializer, Immutable]
public sealed record AssetView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string AssetTag,
    [property: Id(2)] AssetType AssetType,
    [property: Id(3)] string Name,
    [property: Id(4)] string? Description,
    [property: Id(5)] string? SerialNumber,
    [property: Id(6)] string? ModelNumber,
    [property: Id(7)] string? Manufacturer,
    [property: Id(8)] AssetStatus Status,
    [property: Id(9)] DateOnly? PurchaseDate,
    [property: Id(10)] DateOnly? WarrantyExpiry,
    [property: Id(11)] string? Location,
    [property: Id(12)] Holder? AssignedTo,
    [property: Id(13)] string? CostCenter,
    [property: Id(14)] string? Notes,
    [property: Id(15)] DateTimeOffset CreatedAt,
    [property: Id(16)] DateTimeOffset UpdatedAt,
    [property: Id(17)] int Version)
{
    public static AssetView From(AssetState s) => new(
        s.Id, s.AssetTag, s.AssetType, s.Name, s.Description, s.SerialNumber, s.ModelNumber, s.Manufacturer, s.Status,
        s.PurchaseDate, s.WarrantyExpiry, s.Location, Holder.Of(s), s.CostCenter, s.Notes, s.CreatedAt, s.UpdatedAt, s.Version);
}

/// <summary>Who holds a device or SIM card, and since when.</summary>
[GenerateSerializer, Immutable]
public sealed record Holder(
    [property: Id(0)] AssigneeType Type,
    [property: Id(1)] Guid Id,
    [property: Id(2)] string? Name,
    [property: Id(3)] DateOnly? Since)
{
    public static Holder? Of<TStatus>(AssignableState<TStatus> s) where TStatus : struct, Enum =>
        s is { AssignedToType: { } type, AssignedToId: { } id } ? new Holder(type, id, s.AssignedToName, s.AssignedDate) : null;
}
