using Bss.Domain.Common;
using Bss.Domain.Customers;
using Bss.Domain.Services;

namespace Bss.Domain.ServiceActivations;

/// <summary>
/// The activation's rules. A new activation whose start date is in the future is SCHEDULED; otherwise it goes
/// PROVISIONING → ACTIVE (or FAILED when the service refuses the customer). Provisioning is immediate: there is
/// no network element to call, so it is the step in which the service definition counts the customer.
/// Deactivation: ACTIVE → DEPROVISIONING → INACTIVE; SCHEDULED or PENDING → CANCELLED. FAILED, INACTIVE and
/// CANCELLED are final. PENDING is not produced yet (kept for an approval step).
/// </summary>
public static class ServiceActivation
{
    public const string Name = "Service activation";

    public static readonly StatusMachine<ActivationStatus> Statuses = new(Name, new Dictionary<ActivationStatus, ActivationStatus[]>
    {
        [ActivationStatus.Pending] = [ActivationStatus.Scheduled, ActivationStatus.Provisioning, ActivationStatus.Cancelled],
        [ActivationStatus.Scheduled] = [ActivationStatus.Provisioning, ActivationStatus.Cancelled],
        [ActivationStatus.Provisioning] = [ActivationStatus.Active, ActivationStatus.Failed],
        [ActivationStatus.Active] = [ActivationStatus.Deprovisioning],
        [ActivationStatus.Deprovisioning] = [ActivationStatus.Inactive],
        [ActivationStatus.Failed] = [],
        [ActivationStatus.Inactive] = [],
        [ActivationStatus.Cancelled] = [],
    });

    /// <summary>Statuses in which an activation holds its service for its customer (at most one per pair).</summary>
    public static readonly IReadOnlyList<ActivationStatus> Open =
    [
        ActivationStatus.Pending, ActivationStatus.Scheduled, ActivationStatus.Provisioning, ActivationStatus.Active,
        ActivationStatus.Deprovisioning,
    ];

    public static bool IsOpen(ActivationStatus status) => Open.Contains(status);

    /// <summary>Every reason the customer cannot get the service now (empty when eligible).</summary>
    public static IReadOnlyList<string> Reasons(EligibilityFacts facts)
    {
        var reasons = new List<string>();
        if (facts.CustomerStatus is not { } customer)
        {
            reasons.Add($"Customer {facts.CustomerId} was not found.");
        }
        else if (customer != CustomerStatus.Active)
        {
            reasons.Add($"Customer is {EnumText.Code(customer)}: only an ACTIVE customer can get a service.");
        }

        if (facts.ServiceStatus is not { } service)
        {
            reasons.Add($"Service {facts.ServiceName} was not found.");
        }
        else if (ServiceDefinition.RefuseNewCustomer(service, facts.ServiceName, facts.ActiveCustomers, facts.MaxCustomers) is { } refused)
        {
            reasons.Add(refused.Message);
        }

        if (facts.HasOpenActivation)
        {
            reasons.Add($"Customer already has an open activation of service {facts.ServiceName}.");
        }

        return reasons;
    }

    /// <summary>Why an activation may not be created: NotFound for a missing customer or service, else Conflict.</summary>
    public static DomainError? Refusal(EligibilityFacts facts)
    {
        var reasons = Reasons(facts);
        if (reasons.Count == 0)
        {
            return null;
        }

        var kind = facts.CustomerStatus is null || facts.ServiceStatus is null ? ErrorKind.NotFound : ErrorKind.Conflict;
        return new DomainError(kind, string.Join(" ", reasons));
    }

    public static FieldErrors Validate(ActivationRequest request) => new FieldErrors()
        .Check("serviceId", request.ServiceId == Guid.Empty ? "is required" : null)
        .Check("customerId", request.CustomerId == Guid.Empty ? "is required" : null)
        .Check("notes", TextRules.Length(TextRules.Normalize(request.Notes), 0, 1000, required: false));

    public static Result<ServiceActivationState> Create(ServiceActivationState current, Guid id, ActivationRequest request,
        string serviceCode, string serviceName, DateTimeOffset now)
    {
        if (Entity.MustBeNew(current, Name, id) is { } exists)
        {
            return exists;
        }

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return Validate(request).ToResult(() =>
        {
            var created = current.FirstVersion<ServiceActivationState>(id, now);
            created.ServiceId = request.ServiceId;
            created.ServiceCode = serviceCode;
            created.ServiceName = serviceName;
            created.CustomerId = request.CustomerId;
            created.StartDate = request.StartDate ?? today;
            created.Notes = TextRules.Normalize(request.Notes);
            created.Status = created.StartDate > today ? ActivationStatus.Scheduled : ActivationStatus.Provisioning;
            return created;
        });
    }

    /// <summary>A scheduled activation whose start date has come begins provisioning.</summary>
    public static Result<ServiceActivationState> StartIfDue(ServiceActivationState current, DateTimeOffset now)
    {
        if (current.Status != ActivationStatus.Scheduled || current.StartDate > DateOnly.FromDateTime(now.UtcDateTime))
        {
            return new DomainError(ErrorKind.Conflict, $"{Name} {current.Id} is not due to start.");
        }

        return Move(current, ActivationStatus.Provisioning, now);
    }

    public static Result<ServiceActivationState> Provisioned(ServiceActivationState current, DateTimeOffset now) =>
        Move(current, ActivationStatus.Active, now, next => next.ActivatedAt = now);

    public static Result<ServiceActivationState> ProvisioningFailed(ServiceActivationState current, string reason, DateTimeOffset now) =>
        Move(current, ActivationStatus.Failed, now, next => next.FailureReason = reason);

    /// <summary>ACTIVE → DEPROVISIONING (then <see cref="Deprovisioned"/>); SCHEDULED or PENDING → CANCELLED.</summary>
    public static Result<ServiceActivationState> Deactivate(ServiceActivationState current, DeactivationRequest request,
        int? expectedVersion, DateTimeOffset now)
    {
        if (Entity.Guard(current, Name, expectedVersion) is { } error)
        {
            return error;
        }

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var errors = new FieldErrors()
            .Check("reason", TextRules.Length(TextRules.Normalize(request.Reason), 0, 500, required: false))
            .Check("endDate", request.EndDate > today ? "must not be in the future (deactivation is immediate)" : null)
            .Check("endDate", request.EndDate < current.StartDate && current.Status == ActivationStatus.Active
                ? "must not be before the start date" : null);
        if (!errors.IsEmpty)
        {
            return DomainError.Validation(errors);
        }

        var target = current.Status is ActivationStatus.Scheduled or ActivationStatus.Pending
            ? ActivationStatus.Cancelled
            : ActivationStatus.Deprovisioning;
        return Move(current, target, now, next =>
        {
            next.EndDate = request.EndDate ?? today;
            next.DeactivationReason = TextRules.Normalize(request.Reason);
            next.DeactivatedAt = target == ActivationStatus.Cancelled ? now : null;
        });
    }

    public static Result<ServiceActivationState> Deprovisioned(ServiceActivationState current, DateTimeOffset now) =>
        Move(current, ActivationStatus.Inactive, now, next => next.DeactivatedAt = now);

    private static Result<ServiceActivationState> Move(ServiceActivationState current, ActivationStatus target, DateTimeOffset now,
        Action<ServiceActivationState>? change = null)
    {
        if ((Entity.Guard(current, Name, null) ?? Statuses.Check(current.Status, target)) is { } error)
        {
            return error;
        }

        var next = current.NextVersion<ServiceActivationState>(now);
        next.Status = target;
        change?.Invoke(next);
        return Result<ServiceActivationState>.Ok(next);
    }
}
