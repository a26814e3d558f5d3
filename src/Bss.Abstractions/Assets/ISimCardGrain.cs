using Bss.Domain.Assets;
using Bss.Domain.Common;

namespace Bss.Abstractions.Assets;

/// <summary>
/// One SIM card, keyed by its id; like a device, it is the only writer of its holder and decides one call at a
/// time, so racing assignments of one SIM card yield one holder.
/// </summary>
public interface ISimCardGrain : IGrainWithGuidKey
{
    /// <summary>Registers the SIM card (AVAILABLE). The same details again under the same id answer the existing card.</summary>
    Task<Result<SimCardView>> RegisterAsync(SimCardDetails details);

    /// <summary>
    /// <see cref="RegisterAsync"/> keyed by an Idempotency-Key (the request's fingerprint; null without a key): the key's
    /// record is kept in this entity and written by the create's own write; a repeat replays, another request with
    /// the key is refused (<see cref="ErrorKind.IdempotencyKeyReused"/>).
    /// </summary>
    Task<Result<Created<SimCardView>>> CreateOnceAsync(SimCardDetails details, string? requestFingerprint);

    [Orleans.Concurrency.ReadOnly]
    Task<SimCardView?> GetAsync();

    Task<Result<SimCardView>> UpdateDetailsAsync(SimCardDetails details, int expectedVersion);

    Task<Result<SimCardView>> ChangeStatusAsync(SimCardStatus target, int? expectedVersion);

    /// <summary>Hands the SIM card to an ACTIVE customer (AVAILABLE → ASSIGNED).</summary>
    Task<Result<SimCardView>> AssignToCustomerAsync(Guid customerId);

    /// <summary>Takes the SIM card back from its holder (ASSIGNED or SUSPENDED → AVAILABLE).</summary>
    Task<Result<SimCardView>> ReleaseAsync(int? expectedVersion);
}

[GenerateSerializer, Immutable]
public sealed record SimCardView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Iccid,
    [property: Id(2)] string Msisdn,
    [property: Id(3)] string Imsi,
    [property: Id(4)] SimCardStatus Status,
    [property: Id(5)] string? NetworkOperator,
    [property: Id(6)] string? Apn,
    [property: Id(7)] DateOnly? ActivationDate,
    [property: Id(8)] DateOnly? ExpiryDate,
    [property: Id(9)] Holder? AssignedTo,
    [property: Id(10)] SimCardUsage Usage,
    [property: Id(11)] DateTimeOffset CreatedAt,
    [property: Id(12)] DateTimeOffset UpdatedAt,
    [property: Id(13)] int Version)
{
    public static SimCardView From(SimCardState s) => new(
        s.Id, s.Iccid, s.Msisdn, s.Imsi, s.Status, s.NetworkOperator, s.Apn, s.ActivationDate, s.ExpiryDate, Holder.Of(s),
        new SimCardUsage(s.DataLimitMb, s.DataUsedMb, s.VoiceLimitMinutes, s.VoiceUsedMinutes, s.SmsLimit, s.SmsUsed, s.LastUsageDate),
        s.CreatedAt, s.UpdatedAt, s.Version);
}

[GenerateSerializer, Immutable]
public sealed record SimCardUsage(
    [property: Id(0)] long? DataLimitMb,
    [property: Id(1)] long DataUsedMb,
    [property: Id(2)] long? VoiceLimitMinutes,
    [property: Id(3)] long VoiceUsedMinutes,
    [property: Id(4)] long? SmsLimit,
    [property: Id(5)] long SmsUsed,
    [property: Id(6)] DateOnly? LastUsageDate);
