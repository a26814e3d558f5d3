using Bss.Domain.Common;
using Bss.Domain.Customers;
using Bss.Domain.ServiceActivations;
using Bss.Domain.Services;

namespace Bss.Domain.Tests;

public class ServiceActivationRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 27);
    private static readonly Guid Id = Guid.Parse("5d6e7f80-91a2-4b3c-8d4e-5f60718293a4");

    private static ActivationRequest Request(DateOnly? start = null) => new(Guid.NewGuid(), Guid.NewGuid(), start, " first line ");

    private static EligibilityFacts Eligible() =>
        new(Guid.NewGuid(), CustomerStatus.Active, "FIBER", ServiceStatus.Active, 0, null, HasOpenActivation: false);

    private static ServiceActivationState In(ActivationStatus status)
    {
        var state = ServiceActivation.Create(new ServiceActivationState(), Id, Request(), "FIBER", "Fiber", Now).Value!;
        state.Status = status;
        return state;
    }

    [Fact]
    public void Create_StartingToday_IsProvisioning()
    {
        var created = ServiceActivation.Create(new ServiceActivationState(), Id, Request(Today), "FIBER", "Fiber", Now).Value!;

        Assert.Equal(ActivationStatus.Provisioning, created.Status);
        Assert.Equal("first line", created.Notes);
        Assert.Equal("FIBER", created.ServiceCode);
    }

    [Fact]
    public void Create_WithoutStartDate_StartsToday() =>
        Assert.Equal(Today, ServiceActivation.Create(new ServiceActivationState(), Id, Request(), "F", "F", Now).Value!.StartDate);

    [Fact]
    public void Create_StartingTomorrow_IsScheduled() =>
        Assert.Equal(ActivationStatus.Scheduled,
            ServiceActivation.Create(new ServiceActivationState(), Id, Request(Today.AddDays(1)), "F", "F", Now).Value!.Status);

    [Fact]
    public void Create_MissingIdsAndLongNotes_NamesEachField()
    {
        var errors = ServiceActivation.Create(new ServiceActivationState(), Id,
            new ActivationRequest(Guid.Empty, Guid.Empty, null, new string('n', 1001)), "F", "F", Now).Error!.FieldErrors!;

        Assert.Equal(["customerId", "notes", "serviceId"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Provisioned_FromProvisioning_IsActiveWithActivatedAt()
    {
        var active = ServiceActivation.Provisioned(In(ActivationStatus.Provisioning), Now).Value!;

        Assert.Equal(ActivationStatus.Active, active.Status);
        Assert.Equal(Now, active.ActivatedAt);
    }

    [Fact]
    public void ProvisioningFailed_KeepsTheReason() =>
        Assert.Equal("full", ServiceActivation.ProvisioningFailed(In(ActivationStatus.Provisioning), "full", Now).Value!.FailureReason);

    [Theory]
    [InlineData(ActivationStatus.Active, ActivationStatus.Deprovisioning)]
    [InlineData(ActivationStatus.Scheduled, ActivationStatus.Cancelled)]
    [InlineData(ActivationStatus.Pending, ActivationStatus.Cancelled)]
    public void Deactivate_OpenActivation_MovesOn(ActivationStatus from, ActivationStatus to)
    {
        var next = ServiceActivation.Deactivate(In(from), new DeactivationRequest(null, " moved "), null, Now).Value!;

        Assert.Equal(to, next.Status);
        Assert.Equal(Today, next.EndDate);
        Assert.Equal("moved", next.DeactivationReason);
    }

    [Theory]
    [InlineData(ActivationStatus.Inactive)]
    [InlineData(ActivationStatus.Cancelled)]
    [InlineData(ActivationStatus.Failed)]
    public void Deactivate_FinalActivation_IsInvalidTransition(ActivationStatus from) =>
        Assert.Equal(ErrorKind.InvalidTransition,
            ServiceActivation.Deactivate(In(from), new DeactivationRequest(null, null), null, Now).Error!.Kind);

    [Fact]
    public void Deactivate_FutureEndDate_NamesEndDate() =>
        Assert.Contains("endDate", ServiceActivation.Deactivate(In(ActivationStatus.Active),
            new DeactivationRequest(Today.AddDays(1), null), null, Now).Error!.FieldErrors!.Keys);

    [Fact]
    public void Deactivate_StaleVersion_IsVersionConflict() =>
        Assert.Equal(ErrorKind.VersionConflict, ServiceActivation.Deactivate(In(ActivationStatus.Active),
            new DeactivationRequest(null, null), 9, Now).Error!.Kind);

    [Fact]
    public void Deprovisioned_IsInactiveWithDeactivatedAt()
    {
        var inactive = ServiceActivation.Deprovisioned(In(ActivationStatus.Deprovisioning), Now).Value!;

        Assert.Equal(ActivationStatus.Inactive, inactive.Status);
        Assert.Equal(Now, inactive.DeactivatedAt);
    }

    [Fact]
    public void StartIfDue_ScheduledForToday_IsProvisioning()
    {
        var scheduled = In(ActivationStatus.Scheduled);

        Assert.Equal(ActivationStatus.Provisioning, ServiceActivation.StartIfDue(scheduled, Now).Value!.Status);
    }

    [Fact]
    public void StartIfDue_NotYet_IsRefused()
    {
        var scheduled = In(ActivationStatus.Scheduled);
        scheduled.StartDate = Today.AddDays(2);

        Assert.False(ServiceActivation.StartIfDue(scheduled, Now).IsSuccess);
    }

    [Fact]
    public void Reasons_Eligible_IsEmpty() => Assert.Empty(ServiceActivation.Reasons(Eligible()));

    [Fact]
    public void Reasons_EveryProblem_ListsEach()
    {
        var facts = Eligible() with { CustomerStatus = CustomerStatus.Suspended, ServiceStatus = ServiceStatus.Planned, HasOpenActivation = true };

        Assert.Equal(3, ServiceActivation.Reasons(facts).Count);
    }

    [Fact]
    public void Reasons_CapacityReached_SaysSo() =>
        Assert.Contains("maximum", ServiceActivation.Reasons(Eligible() with { ActiveCustomers = 5, MaxCustomers = 5 }).Single(),
            StringComparison.Ordinal);

    [Fact]
    public void Refusal_MissingCustomer_IsNotFound() =>
        Assert.Equal(ErrorKind.NotFound, ServiceActivation.Refusal(Eligible() with { CustomerStatus = null })!.Kind);

    [Fact]
    public void Refusal_InactiveService_IsConflict() =>
        Assert.Equal(ErrorKind.Conflict, ServiceActivation.Refusal(Eligible() with { ServiceStatus = ServiceStatus.Inactive })!.Kind);
}
