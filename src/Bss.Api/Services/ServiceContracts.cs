using Bss.Abstractions.Services;
using Bss.Domain.Common;
using Bss.Domain.Services;
using Bss.ReadSide.Lists;

namespace Bss.Api.Services;

/// <summary>
/// POST and PUT /{id} body. Enum fields are the contract codes ("IoT", "4G"); <c>status</c> is read by a create only
/// (ACTIVE by default, or PLANNED or INACTIVE); <c>id</c> and <c>version</c> by an update only.
/// </summary>
public sealed record ServiceRequest(
    string? Id,
    string? Name,
    string? Code,
    string? Description,
    string? Type,
    string? Category,
    string? Status,
    string? Technology,
    decimal? Price,
    string? Currency,
    string? BillingCycle,
    string? DataLimit,
    string? Speed,
    int? VoiceMinutes,
    int? SmsCount,
    IReadOnlyList<string>? RequiredCoverageNodes,
    IReadOnlyList<string>? Features,
    int? MaxCustomerCount,
    decimal? SlaUptime,
    string? SupportLevel,
    int? Version)
{
    /// <summary>The details, with every unknown enum code reported under its field.</summary>
    public ServiceDetails ToDetails(FieldErrors errors) => new(
        Name, Code, Description,
        Parse(ServiceCodes.Type, "type", Type, errors),
        Parse(ServiceCodes.Category, "category", Category, errors),
        Parse(ServiceCodes.Technology, "technology", Technology, errors),
        Price, Currency,
        Parse(ServiceCodes.BillingCycle, "billingCycle", BillingCycle, errors),
        DataLimit, Speed, VoiceMinutes, SmsCount, RequiredCoverageNodes, Features, MaxCustomerCount, SlaUptime,
        Parse(ServiceCodes.SupportLevel, "supportLevel", SupportLevel, errors),
        Parse(ServiceCodes.Status, "status", Status, errors));

    internal static TEnum? Parse<TEnum>(ContractCodes<TEnum> codes, string field, string? raw, FieldErrors errors)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (codes.TryParse(raw, out var value))
        {
            return value;
        }

        errors.Add(field, $"must be one of {codes.AllowedCodes}");
        return null;
    }
}

/// <summary>PUT /{id}/status body.</summary>
public sealed record ChangeServiceStatusRequest(string? Id, string? Status, int? Version);

public sealed record ServiceResponse(
    Guid Id,
    string Name,
    string Code,
    string? Description,
    string Type,
    string TypeDisplayName,
    string Category,
    string CategoryDisplayName,
    string Status,
    string StatusDisplayName,
    string? Technology,
    string? TechnologyDisplayName,
    decimal Price,
    string Currency,
    string BillingCycle,
    string BillingCycleDisplayName,
    string? DataLimit,
    string? Speed,
    int? VoiceMinutes,
    int? SmsCount,
    IReadOnlyList<string> RequiredCoverageNodes,
    int CoverageNodeCount,
    IReadOnlyList<string> Features,
    int ActiveCustomerCount,
    int? MaxCustomerCount,
    decimal? SlaUptime,
    string? SupportLevel,
    string? SupportLevelDisplayName,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version)
{
    public static ServiceResponse From(ServiceView s) => new(
        s.Id, s.Name, s.Code, s.Description,
        ServiceCodes.Type.Code(s.Type), ServiceCodes.Type.Display(s.Type),
        ServiceCodes.Category.Code(s.Category), ServiceCodes.Category.Display(s.Category),
        ServiceCodes.Status.Code(s.Status), ServiceCodes.Status.Display(s.Status),
        s.Technology is { } t ? ServiceCodes.Technology.Code(t) : null,
        s.Technology is { } td ? ServiceCodes.Technology.Display(td) : null,
        s.Price, s.Currency,
        ServiceCodes.BillingCycle.Code(s.BillingCycle), ServiceCodes.BillingCycle.Display(s.BillingCycle),
        s.DataLimit, s.Speed, s.VoiceMinutes, s.SmsCount,
        s.RequiredCoverageNodes, s.RequiredCoverageNodes.Count, s.Features,
        s.ActiveCustomerCount, s.MaxCustomerCount, s.SlaUptime,
        s.SupportLevel is { } l ? ServiceCodes.SupportLevel.Code(l) : null,
        s.SupportLevel is { } ld ? ServiceCodes.SupportLevel.Display(ld) : null,
        s.CreatedAt, s.UpdatedAt, s.Version);
}

/// <summary>GET /statistics. totalRevenue = Σ price × activeCustomerCount over all services.</summary>
public sealed record ServiceStatisticsResponse(
    long TotalServices,
    long ActiveServices,
    long InactiveServices,
    long PlannedServices,
    decimal AveragePrice,
    decimal TotalRevenue,
    IReadOnlyDictionary<string, long> CategoryBreakdown,
    IReadOnlyDictionary<string, long> TypeBreakdown,
    IReadOnlyDictionary<string, long> TechnologyBreakdown,
    ServiceResponse? MostPopularService,
    ServiceResponse? TopRevenueService)
{
    public static ServiceStatisticsResponse From(ServiceStatistics s) => new(
        s.TotalServices, s.ActiveServices, s.InactiveServices, s.PlannedServices, s.AveragePrice, s.TotalRevenue,
        s.CategoryBreakdown, s.TypeBreakdown, s.TechnologyBreakdown,
        s.MostPopularService is { } popular ? ServiceResponse.From(popular) : null,
        s.TopRevenueService is { } top ? ServiceResponse.From(top) : null);
}
