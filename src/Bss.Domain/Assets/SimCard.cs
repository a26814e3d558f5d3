using Bss.Domain.Common;

namespace Bss.Domain.Assets;

/// <summary>
/// A SIM card's rules. Status machine (ASSIGNED is entered only by assigning; the holder is kept exactly while
/// ASSIGNED or SUSPENDED):
/// TESTING → AVAILABLE | DAMAGED | DEACTIVATED;
/// AVAILABLE → ASSIGNED (assign) | TESTING | LOST | DAMAGED | DEACTIVATED;
/// ASSIGNED → AVAILABLE (release) | SUSPENDED | LOST | DAMAGED | DEACTIVATED;
/// SUSPENDED → ASSIGNED (resume) | AVAILABLE (release) | LOST | DAMAGED | DEACTIVATED;
/// LOST → DEACTIVATED; DAMAGED → DEACTIVATED; DEACTIVATED is final.
/// </summary>
public static class SimCard
{
    public const string Name = "SIM card";

    public static readonly StatusMachine<SimCardStatus> Statuses = new(Name, new Dictionary<SimCardStatus, SimCardStatus[]>
    {
        [SimCardStatus.Testing] = [SimCardStatus.Available, SimCardStatus.Damaged, SimCardStatus.Deactivated],
        [SimCardStatus.Available] =
        [
            SimCardStatus.Assigned, SimCardStatus.Testing, SimCardStatus.Lost, SimCardStatus.Damaged, SimCardStatus.Deactivated,
        ],
        [SimCardStatus.Assigned] =
        [
            SimCardStatus.Available, SimCardStatus.Suspended, SimCardStatus.Lost, SimCardStatus.Damaged, SimCardStatus.Deactivated,
        ],
        [SimCardStatus.Suspended] =
        [
            SimCardStatus.Assigned, SimCardStatus.Available, SimCardStatus.Lost, SimCardStatus.Damaged, SimCardStatus.Deactivated,
        ],
        [SimCardStatus.Lost] = [SimCardStatus.Deactivated],
        [SimCardStatus.Damaged] = [SimCardStatus.Deactivated],
        [SimCardStatus.Deactivated] = [],
    });

    public static readonly Assignments<SimCardState, SimCardStatus> Assignments = new(Name, Statuses,
        assigned: SimCardStatus.Assigned, released: SimCardStatus.Available, held: [SimCardStatus.Assigned, SimCardStatus.Suspended]);

    /// <summary>Trims, treats empty optional fields as absent, stores the MSISDN as digits and absent usage as 0.</summary>
    public static SimCardDetails Normalize(SimCardDetails d) => d with
    {
        Iccid = TextRules.Normalize(d.Iccid),
        Msisdn = TextRules.Normalize(d.Msisdn)?.TrimStart('+'),
        Imsi = TextRules.Normalize(d.Imsi),
        NetworkOperator = TextRules.Normalize(d.NetworkOperator),
        Apn = TextRules.Normalize(d.Apn),
        DataUsedMb = d.DataUsedMb ?? 0,
        VoiceUsedMinutes = d.VoiceUsedMinutes ?? 0,
        SmsUsed = d.SmsUsed ?? 0,
    };

    public static FieldErrors Validate(SimCardDetails d) => new FieldErrors()
        .Check("iccid", d.Iccid is null ? "is required" : d.Iccid.Length is 19 or 20 && d.Iccid.All(char.IsAsciiDigit) ? null : "must be 19 or 20 digits")
        .Check("msisdn", d.Msisdn is null ? "is required" : TextRules.Phone(d.Msisdn))
        .Check("imsi", d.Imsi is null ? "is required" : TextRules.Digits(d.Imsi, 15))
        .Check("networkOperator", TextRules.Length(d.NetworkOperator, 1, 100, required: false))
        .Check("apn", TextRules.Length(d.Apn, 1, 100, required: false))
        .Check("expiryDate", AssetRules.NotBefore(d.ExpiryDate, d.ActivationDate, "activationDate"))
        .Check("dataLimitMb", AssetRules.NotNegative(d.DataLimitMb))
        .Check("dataUsedMb", AssetRules.NotNegative(d.DataUsedMb))
        .Check("voiceLimitMinutes", AssetRules.NotNegative(d.VoiceLimitMinutes))
        .Check("voiceUsedMinutes", AssetRules.NotNegative(d.VoiceUsedMinutes))
        .Check("smsLimit", AssetRules.NotNegative(d.SmsLimit))
        .Check("smsUsed", AssetRules.NotNegative(d.SmsUsed));

    /// <summary>The details a state was created or last updated with (to recognise a retried create).</summary>
    public static SimCardDetails DetailsOf(SimCardState s) => new(
        s.Iccid, s.Msisdn, s.Imsi, s.NetworkOperator, s.Apn, s.ActivationDate, s.ExpiryDate, s.DataLimitMb, s.DataUsedMb,
        s.VoiceLimitMinutes, s.VoiceUsedMinutes, s.SmsLimit, s.SmsUsed, s.LastUsageDate);

    /// <summary>A new SIM card is AVAILABLE and held by nobody.</summary>
    public static Result<SimCardState> Create(SimCardState current, Guid id, SimCardDetails details, DateTimeOffset now)
    {
        if (Entity.MustBeNew(current, Name, id) is { } exists)
        {
            return exists;
        }

        var normalized = Normalize(details);
        return Validate(normalized).ToResult(() =>
        {
            var created = Apply(current.FirstVersion<SimCardState>(id, now), normalized);
            created.Status = SimCardStatus.Available;
            return created;
        });
    }

    /// <summary>Replaces the details and usage; status and holder change only through their own commands.</summary>
    public static Result<SimCardState> Update(SimCardState current, SimCardDetails details, int expectedVersion, DateTimeOffset now)
    {
        if (Entity.Guard(current, Name, expectedVersion) is { } error)
        {
            return error;
        }

        if (current.Status == SimCardStatus.Deactivated)
        {
            return new DomainError(ErrorKind.Conflict, $"SIM card {current.Id} is DEACTIVATED and cannot be changed.");
        }

        var normalized = Normalize(details);
        return Validate(normalized).ToResult(() => Apply(current.NextVersion<SimCardState>(now), normalized));
    }

    public static Result<SimCardState> ChangeStatus(SimCardState current, SimCardStatus target, int? expectedVersion, DateTimeOffset now) =>
        Assignments.ChangeStatus(current, target, expectedVersion, now);

    /// <summary>AVAILABLE → ASSIGNED for an ACTIVE customer.</summary>
    public static Result<SimCardState> Assign(SimCardState current, Guid customerId, Assignee? customer, DateTimeOffset now) =>
        Assignments.Assign(current, customerId, customer, now);

    /// <summary>ASSIGNED or SUSPENDED → AVAILABLE, clearing the holder.</summary>
    public static Result<SimCardState> Release(SimCardState current, int? expectedVersion, DateTimeOffset now) =>
        Assignments.Release(current, expectedVersion, now);

    private static SimCardState Apply(SimCardState state, SimCardDetails d)
    {
        state.Iccid = d.Iccid!;
        state.Msisdn = d.Msisdn!;
        state.Imsi = d.Imsi!;
        state.NetworkOperator = d.NetworkOperator;
        state.Apn = d.Apn;
        state.ActivationDate = d.ActivationDate;
        state.ExpiryDate = d.ExpiryDate;
        state.DataLimitMb = d.DataLimitMb;
        state.DataUsedMb = d.DataUsedMb ?? 0;
        state.VoiceLimitMinutes = d.VoiceLimitMinutes;
        state.VoiceUsedMinutes = d.VoiceUsedMinutes ?? 0;
        state.SmsLimit = d.SmsLimit;
        state.SmsUsed = d.SmsUsed ?? 0;
        state.LastUsageDate = d.LastUsageDate;
        return state;
    }
}
