using Bss.Abstractions.Assets;
using Bss.Domain.Assets;
using Bss.Domain.Common;

namespace Bss.Api.Assets;

/// <summary>POST body of a SIM card, and PUT /{id} body (the full details and usage, with the version they were read at).</summary>
public sealed record SimCardRequest(
    string? Id,
    string? Iccid,
    string? Msisdn,
    string? Imsi,
    string? NetworkOperator,
    string? Apn,
    DateOnly? ActivationDate,
    DateOnly? ExpiryDate,
    long? DataLimitMb,
    long? DataUsedMb,
    long? VoiceLimitMinutes,
    long? VoiceUsedMinutes,
    long? SmsLimit,
    long? SmsUsed,
    DateOnly? LastUsageDate,
    int? Version)
{
    public SimCardDetails ToDetails() => new(Iccid, Msisdn, Imsi, NetworkOperator, Apn, ActivationDate, ExpiryDate,
        DataLimitMb, DataUsedMb, VoiceLimitMinutes, VoiceUsedMinutes, SmsLimit, SmsUsed, LastUsageDate);
}

/// <summary>POST /sim-cards/{id}/assign body.</summary>
public sealed record AssignSimCardRequest(string? CustomerId);

public sealed record SimCardResponse(
    Guid Id,
    string Iccid,
    string Msisdn,
    string Imsi,
    string Status,
    string StatusDisplayName,
    string? NetworkOperator,
    string? Apn,
    DateOnly? ActivationDate,
    DateOnly? ExpiryDate,
    string? AssignedToType,
    string? AssignedToTypeDisplayName,
    Guid? AssignedToId,
    string? AssignedToName,
    DateOnly? AssignedDate,
    long? DataLimitMb,
    long DataUsedMb,
    long? VoiceLimitMinutes,
    long VoiceUsedMinutes,
    long? SmsLimit,
    long SmsUsed,
    DateOnly? LastUsageDate,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version)
{
    public static SimCardResponse From(SimCardView s) => new(
        s.Id, s.Iccid, s.Msisdn, s.Imsi, EnumText.Code(s.Status), EnumText.Display(s.Status), s.NetworkOperator, s.Apn,
        s.ActivationDate, s.ExpiryDate,
        s.AssignedTo is { } h ? EnumText.Code(h.Type) : null, s.AssignedTo is { } t ? EnumText.Display(t.Type) : null,
        s.AssignedTo?.Id, s.AssignedTo?.Name, s.AssignedTo?.Since,
        s.Usage.DataLimitMb, s.Usage.DataUsedMb, s.Usage.VoiceLimitMinutes, s.Usage.VoiceUsedMinutes, s.Usage.SmsLimit,
        s.Usage.SmsUsed, s.Usage.LastUsageDate, s.CreatedAt, s.UpdatedAt, s.Version);
}
