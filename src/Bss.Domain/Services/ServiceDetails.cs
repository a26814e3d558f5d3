namespace Bss.Domain.Services;

/// <summary>
/// The editable facts of a service definition, as a create or update supplies them. Enum fields arrive already
/// parsed (the API reports unknown codes); <see cref="InitialStatus"/> is read only by a create.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ServiceDetails(
    [property: Id(0)] string? Name,
    [property: Id(1)] string? Code,
    [property: Id(2)] string? Description,
    [property: Id(3)] ServiceType? Type,
    [property: Id(4)] ServiceCategory? Category,
    [property: Id(5)] ServiceTechnology? Technology,
    [property: Id(6)] decimal? Price,
    [property: Id(7)] string? Currency,
    [property: Id(8)] BillingCycle? BillingCycle,
    [property: Id(9)] string? DataLimit,
    [property: Id(10)] string? Speed,
    [property: Id(11)] int? VoiceMinutes,
    [property: Id(12)] int? SmsCount,
    [property: Id(13)] IReadOnlyList<string>? RequiredCoverageNodes,
    [property: Id(14)] IReadOnlyList<string>? Features,
    [property: Id(15)] int? MaxCustomerCount,
    [property: Id(16)] decimal? SlaUptime,
    [property: Id(17)] SupportLevel? SupportLevel,
    [property: Id(18)] ServiceStatus? InitialStatus = null);
