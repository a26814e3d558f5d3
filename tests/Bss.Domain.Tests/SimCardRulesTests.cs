using Bss.Domain.Assets;
using Bss.Domain.Common;
using Bss.Domain.Customers;

namespace Bss.Domain.Tests;

public class SimCardRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.Parse("7d2e1f0a-3b4c-4d5e-8f6a-7b8c9d0e1f2a");
    private static readonly Assignee Anna = new(Guid.Parse("1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e"), "Anna", "Nowak", CustomerStatus.Active);

    private static SimCardDetails Valid() => new("8948010000000000001", "+48600100200", "260010000000001", "Orange", "internet",
        new DateOnly(2026, 1, 1), new DateOnly(2028, 1, 1), 10_240, 512, 300, 12, 100, 3, new DateOnly(2026, 11, 26));

    private static SimCardState Created(SimCardStatus status = SimCardStatus.Available)
    {
        var state = SimCard.Create(new SimCardState(), Id, Valid(), Now).Value!;
        state.Status = status;
        return state;
    }

    private static SimCardState Assigned() => SimCard.Assign(Created(), Anna.Id, Anna, Now).Value!;

    [Fact]
    public void Create_ValidDetails_IsAvailableWithMsisdnAsDigits()
    {
        var created = SimCard.Create(new SimCardState(), Id, Valid(), Now).Value!;

        Assert.Equal(SimCardStatus.Available, created.Status);
        Assert.Equal("48600100200", created.Msisdn);
        Assert.Equal(512, created.DataUsedMb);
        Assert.Null(created.AssignedToId);
    }

    [Fact]
    public void Create_AbsentUsage_IsZero()
    {
        var created = SimCard.Create(new SimCardState(), Id, Valid() with { DataUsedMb = null, VoiceUsedMinutes = null, SmsUsed = null, DataLimitMb = null }, Now).Value!;

        Assert.Equal(0, created.DataUsedMb);
        Assert.Equal(0, created.VoiceUsedMinutes);
        Assert.Equal(0, created.SmsUsed);
        Assert.Null(created.DataLimitMb);
    }

    [Fact]
    public void Create_UsageAboveItsLimit_IsAccepted()
    {
        Assert.True(SimCard.Create(new SimCardState(), Id, Valid() with { DataLimitMb = 100, DataUsedMb = 150 }, Now).IsSuccess);
    }

    [Fact]
    public void Create_EveryFieldWrong_NamesEachField()
    {
        var bad = new SimCardDetails("894801", "0048600", "2600100", new string('o', 101), new string('a', 101),
            new DateOnly(2026, 5, 1), new DateOnly(2026, 4, 1), -1, -1, -1, -1, -1, -1, null);

        var result = SimCard.Create(new SimCardState(), Id, bad, Now);

        Assert.Equal(
            ["apn", "dataLimitMb", "dataUsedMb", "expiryDate", "iccid", "imsi", "msisdn", "networkOperator", "smsLimit", "smsUsed",
                "voiceLimitMinutes", "voiceUsedMinutes"],
            result.Error!.FieldErrors!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["must be 19 or 20 digits"], result.Error.FieldErrors["iccid"]);
        Assert.Equal(["must be exactly 15 digits"], result.Error.FieldErrors["imsi"]);
    }

    [Fact]
    public void Create_MissingIdentifiers_SaysRequired()
    {
        var result = SimCard.Create(new SimCardState(), Id, Valid() with { Iccid = null, Msisdn = "", Imsi = " " }, Now);

        Assert.Equal(["is required"], result.Error!.FieldErrors!["iccid"]);
        Assert.Equal(["is required"], result.Error.FieldErrors["msisdn"]);
        Assert.Equal(["is required"], result.Error.FieldErrors["imsi"]);
    }

    [Fact]
    public void Create_TwentyDigitIccid_IsAccepted()
    {
        Assert.True(SimCard.Create(new SimCardState(), Id, Valid() with { Iccid = "89480100000000000012" }, Now).IsSuccess);
    }

    [Fact]
    public void Update_Deactivated_IsConflict()
    {
        Assert.Equal(ErrorKind.Conflict, SimCard.Update(Created(SimCardStatus.Deactivated), Valid(), 1, Now).Error!.Kind);
    }

    [Fact]
    public void Update_NewUsage_KeepsHolder()
    {
        var result = SimCard.Update(Assigned(), Valid() with { DataUsedMb = 2048 }, 2, Now);

        Assert.Equal(2048, result.Value!.DataUsedMb);
        Assert.Equal(Anna.Id, result.Value.AssignedToId);
    }

    [Fact]
    public void Assign_AvailableToActiveCustomer_IsAssignedWithHolder()
    {
        var assigned = Assigned();

        Assert.Equal(SimCardStatus.Assigned, assigned.Status);
        Assert.Equal(Anna.Id, assigned.CustomerId);
        Assert.Equal("Anna Nowak", assigned.AssignedToName);
    }

    [Fact]
    public void Assign_AlreadyAssigned_IsConflictNamingTheHolder()
    {
        var other = Anna with { Id = Guid.NewGuid() };

        var result = SimCard.Assign(Assigned(), other.Id, other, Now);

        Assert.Equal(ErrorKind.Conflict, result.Error!.Kind);
        Assert.Contains(Anna.Id.ToString(), result.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SimCardStatus.Testing)]
    [InlineData(SimCardStatus.Lost)]
    [InlineData(SimCardStatus.Deactivated)]
    public void Assign_NotAvailable_IsInvalidTransition(SimCardStatus from)
    {
        Assert.Equal(ErrorKind.InvalidTransition, SimCard.Assign(Created(from), Anna.Id, Anna, Now).Error!.Kind);
    }

    [Fact]
    public void Assign_TerminatedCustomer_IsConflict()
    {
        Assert.Equal(ErrorKind.Conflict, SimCard.Assign(Created(), Anna.Id, Anna with { Status = CustomerStatus.Terminated }, Now).Error!.Kind);
    }

    [Fact]
    public void SuspendThenResume_KeepsTheHolder()
    {
        var suspended = SimCard.ChangeStatus(Assigned(), SimCardStatus.Suspended, null, Now).Value!;
        var resumed = SimCard.ChangeStatus(suspended, SimCardStatus.Assigned, null, Now).Value!;

        Assert.Equal(Anna.Id, suspended.AssignedToId);
        Assert.Equal(SimCardStatus.Assigned, resumed.Status);
        Assert.Equal(Anna.Id, resumed.AssignedToId);
    }

    [Theory]
    [InlineData(SimCardStatus.Assigned)]
    [InlineData(SimCardStatus.Suspended)]
    public void ChangeStatus_ToAHeldStatusWithoutHolder_IsInvalidTransition(SimCardStatus target)
    {
        Assert.Equal(ErrorKind.InvalidTransition, SimCard.ChangeStatus(Created(), target, null, Now).Error!.Kind);
    }

    [Theory]
    [InlineData(SimCardStatus.Lost)]
    [InlineData(SimCardStatus.Damaged)]
    [InlineData(SimCardStatus.Deactivated)]
    public void ChangeStatus_OutOfHeldStatuses_EndsTheAssignment(SimCardStatus target)
    {
        var result = SimCard.ChangeStatus(Assigned(), target, null, Now);

        Assert.Equal(target, result.Value!.Status);
        Assert.Null(result.Value.AssignedToId);
    }

    [Theory]
    [InlineData(SimCardStatus.Testing, SimCardStatus.Available)]
    [InlineData(SimCardStatus.Available, SimCardStatus.Testing)]
    [InlineData(SimCardStatus.Lost, SimCardStatus.Deactivated)]
    [InlineData(SimCardStatus.Damaged, SimCardStatus.Deactivated)]
    public void ChangeStatus_AllowedTransition_Moves(SimCardStatus from, SimCardStatus to)
    {
        Assert.Equal(to, SimCard.ChangeStatus(Created(from), to, null, Now).Value!.Status);
    }

    [Theory]
    [InlineData(SimCardStatus.Deactivated, SimCardStatus.Available)]
    [InlineData(SimCardStatus.Lost, SimCardStatus.Available)]
    [InlineData(SimCardStatus.Testing, SimCardStatus.Lost)]
    public void ChangeStatus_ForbiddenTransition_IsInvalidTransition(SimCardStatus from, SimCardStatus to)
    {
        Assert.Equal(ErrorKind.InvalidTransition, SimCard.ChangeStatus(Created(from), to, null, Now).Error!.Kind);
    }

    [Fact]
    public void Release_SuspendedCard_IsAvailableWithoutHolder()
    {
        var suspended = SimCard.ChangeStatus(Assigned(), SimCardStatus.Suspended, null, Now).Value!;

        var released = SimCard.Release(suspended, 3, Now).Value!;

        Assert.Equal(SimCardStatus.Available, released.Status);
        Assert.Null(released.AssignedToId);
        Assert.Null(released.CustomerId);
    }

    [Fact]
    public void Release_NotAssigned_IsInvalidTransition()
    {
        Assert.Equal(ErrorKind.InvalidTransition, SimCard.Release(Created(), null, Now).Error!.Kind);
    }
}
