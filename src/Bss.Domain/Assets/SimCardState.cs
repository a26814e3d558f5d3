namespace Bss.Domain.Assets;

/// <summary>
/// A SIM card as the grain holds and persists it (JSON, camelCase, projected to the documents read table as kind
/// "sim-card"); rename properties with care. Usage counters are reported values and may exceed their limits.
/// </summary>
[GenerateSerializer]
public sealed class SimCardState : AssignableState<SimCardStatus>
{
    [Id(0)] public string Iccid { get; set; } = "";
    [Id(1)] public string Msisdn { get; set; } = "";
    [Id(2)] public string Imsi { get; set; } = "";
    [Id(3)] public string? NetworkOperator { get; set; }
    [Id(4)] public string? Apn { get; set; }
    [Id(5)] public DateOnly? ActivationDate { get; set; }
    [Id(6)] public DateOnly? ExpiryDate { get; set; }
    [Id(7)] public long? DataLimitMb { get; set; }
    [Id(8)] public long DataUsedMb { get; set; }
    [Id(9)] public long? VoiceLimitMinutes { get; set; }
    [Id(10)] public long VoiceUsedMinutes { get; set; }
    [Id(11)] public long? SmsLimit { get; set; }
    [Id(12)] public long SmsUsed { get; set; }
    [Id(13)] public DateOnly? LastUsageDate { get; set; }
}

/// <summary>The editable facts about a SIM card, as a create or update supplies them (absent usage counts as 0).</summary>
[GenerateSerializer, Immutable]
public sealed record SimCardDetails(
    [property: Id(0)] string? Iccid,
    [property: Id(1)] string? Msisdn,
    [property: Id(2)] string? Imsi,
    [property: Id(3)] string? NetworkOperator,
    [property: Id(4)] string? Apn,
    [property: Id(5)] DateOnly? ActivationDate,
    [property: Id(6)] DateOnly? ExpiryDate,
    [property: Id(7)] long? DataLimitMb,
    [property: Id(8)] long? DataUsedMb,
    [property: Id(9)] long? VoiceLimitMinutes,
    [property: Id(10)] long? VoiceUsedMinutes,
    [property: Id(11)] long? SmsLimit,
    [property: Id(12)] long? SmsUsed,
    [property: Id(13)] DateOnly? LastUsageDate);
