using Bss.Abstractions.Common;
using Bss.Domain.Assets;

namespace Bss.Abstractions.Assets;

/// <summary>Lists and counts SIM cards from the query side (documents of kind "sim-card").</summary>
public interface ISimCardQueryGrain : IGrainWithIntegerKey
{
    Task<Page<SimCardView>> SearchAsync(SimCardSearch search, CancellationToken cancellationToken = default);

    /// <summary>SIM cards whose expiryDate falls from today (the silo clock's UTC date) through today + days.</summary>
    Task<Page<SimCardView>> ExpiringAsync(PageRequest page, int days);

    /// <summary>SIM cards per status code (statuses with none are absent).</summary>
    Task<Dictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken = default);
}

[GenerateSerializer, Immutable]
public sealed record SimCardSearch(
    [property: Id(0)] PageRequest Page,
    [property: Id(1)] SimCardStatus? Status,
    [property: Id(2)] string? SearchTerm,
    [property: Id(3)] Guid? CustomerId);

public static class SimCardSortFields
{
    /// <summary>Fields a SIM card list may be sorted by (API names).</summary>
    public static readonly IReadOnlyList<string> All =
    [
        "createdAt", "updatedAt", "status", "iccid", "msisdn", "imsi", "networkOperator", "activationDate", "expiryDate",
        "assignedDate", "lastUsageDate",
    ];
}
