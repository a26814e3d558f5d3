using Bss.Abstractions.Common;
using Bss.Domain.Services;

namespace Bss.Abstractions.Services;

/// <summary>Lists, searches and aggregates service definitions from the documents read table.</summary>
public interface IServiceQueryGrain : IGrainWithIntegerKey
{
    Task<Page<ServiceView>> SearchAsync(ServiceSearch search, CancellationToken cancellationToken = default);

    /// <summary>The first <paramref name="limit"/> services ordered by name (the unversioned list the frontend's store reads).</summary>
    Task<IReadOnlyList<ServiceView>> ListByNameAsync(int limit);

    /// <summary>Services per status code (statuses with none are absent).</summary>
    Task<Dictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken = default);

    Task<ServiceStatistics> StatisticsAsync();

    /// <summary>The id of the (not deleted) service with this code, if any.</summary>
    Task<Guid?> FindIdByCodeAsync(string code);
}

[GenerateSerializer, Immutable]
public sealed record ServiceSearch(
    [property: Id(0)] PageRequest Page,
    [property: Id(1)] ServiceStatus? Status,
    [property: Id(2)] ServiceType? Type,
    [property: Id(3)] ServiceCategory? Category,
    [property: Id(4)] ServiceTechnology? Technology,
    [property: Id(5)] string? SearchTerm);

/// <summary>
/// Catalog figures computed by SQL over the read table. Revenue is Σ price × activeCustomerCount over all services
/// (the recurring revenue of one billing cycle of each, mixed cycles and currencies added as they are).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ServiceStatistics(
    [property: Id(0)] long TotalServices,
    [property: Id(1)] long ActiveServices,
    [property: Id(2)] long InactiveServices,
    [property: Id(3)] long PlannedServices,
    [property: Id(4)] decimal AveragePrice,
    [property: Id(5)] decimal TotalRevenue,
    [property: Id(6)] Dictionary<string, long> CategoryBreakdown,
    [property: Id(7)] Dictionary<string, long> TypeBreakdown,
    [property: Id(8)] Dictionary<string, long> TechnologyBreakdown,
    [property: Id(9)] ServiceView? MostPopularService,
    [property: Id(10)] ServiceView? TopRevenueService);

public static class ServiceSortFields
{
    /// <summary>Fields a list may be sorted by (API names).</summary>
    public static readonly IReadOnlyList<string> All =
        ["createdAt", "updatedAt", "name", "code", "status", "type", "category", "price", "activeCustomerCount"];
}
