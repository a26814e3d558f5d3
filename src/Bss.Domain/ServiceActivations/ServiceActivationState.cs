using Bss.Domain.Common;

namespace Bss.Domain.ServiceActivations;

/// <summary>
/// A service provisioned for a customer, as its grain persists it. <c>customerId</c> fills the documents table's
/// customer_id; the unique index of dev/postgres/010-read-model.sql reads <c>serviceId</c> and <c>status</c>.
/// </summary>
[GenerateSerializer]
public sealed class ServiceActivationState : EntityState
{
    [Id(0)] public Guid ServiceId { get; set; }
    [Id(1)] public string ServiceCode { get; set; } = "";
    [Id(2)] public string ServiceName { get; set; } = "";
    [Id(3)] public Guid CustomerId { get; set; }
    [Id(4)] public ActivationStatus Status { get; set; }
    [Id(5)] public DateOnly StartDate { get; set; }
    [Id(6)] public DateOnly? EndDate { get; set; }
    [Id(7)] public string? Notes { get; set; }
    [Id(8)] public DateTimeOffset? ActivatedAt { get; set; }
    [Id(9)] public DateTimeOffset? DeactivatedAt { get; set; }
    [Id(10)] public string? DeactivationReason { get; set; }
    [Id(11)] public string? FailureReason { get; set; }
}

/// <summary>What a POST /activations asks for.</summary>
[GenerateSerializer, Immutable]
public sealed record ActivationRequest(
    [property: Id(0)] Guid ServiceId,
    [property: Id(1)] Guid CustomerId,
    [property: Id(2)] DateOnly? StartDate,
    [property: Id(3)] string? Notes);

/// <summary>What a deactivation supplies.</summary>
[GenerateSerializer, Immutable]
public sealed record DeactivationRequest(
    [property: Id(0)] DateOnly? EndDate,
    [property: Id(1)] string? Reason);

/// <summary>
/// What decides whether a customer may get a service, as the grains report it: null statuses mean "does not exist".
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EligibilityFacts(
    [property: Id(0)] Guid CustomerId,
    [property: Id(1)] Customers.CustomerStatus? CustomerStatus,
    [property: Id(2)] string ServiceName,
    [property: Id(3)] Services.ServiceStatus? ServiceStatus,
    [property: Id(4)] int ActiveCustomers,
    [property: Id(5)] int? MaxCustomers,
    [property: Id(6)] bool HasOpenActivation);
