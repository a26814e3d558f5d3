using Bss.Domain.Common;
using Bss.Domain.ServiceActivations;

namespace Bss.Abstractions.ServiceActivations;

/// <summary>One service activation (a service provisioned for a customer), keyed by its id.</summary>
public interface IServiceActivationGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Activates the service for the customer (both must exist and be ACTIVE). Asking again with the same service
    /// and customer under the same id answers the activation, first finishing a step a crash interrupted.
    /// </summary>
    Task<Result<ServiceActivationView>> ActivateAsync(ActivationRequest request);

    /// <summary>
    /// <see cref="ActivateAsync"/> keyed by an Idempotency-Key (the request's fingerprint; null without a key): the key's
    /// record is kept in this entity and written by the create's own write; a repeat replays, another request with
    /// the key is refused (<see cref="ErrorKind.IdempotencyKeyReused"/>).
    /// </summary>
    Task<Result<Created<ServiceActivationView>>> CreateOnceAsync(ActivationRequest request, string? requestFingerprint);

    [Orleans.Concurrency.ReadOnly]
    Task<ServiceActivationView?> GetAsync();

    /// <summary>ACTIVE → DEPROVISIONING → INACTIVE; SCHEDULED or PENDING → CANCELLED.</summary>
    Task<Result<ServiceActivationView>> DeactivateAsync(DeactivationRequest request, int? expectedVersion);

    /// <summary>Starts a SCHEDULED activation whose start date has come (a no-op otherwise).</summary>
    Task<ServiceActivationView?> StartIfDueAsync();
}

[GenerateSerializer, Immutable]
public sealed record ServiceActivationView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid ServiceId,
    [property: Id(2)] string ServiceCode,
    [property: Id(3)] string ServiceName,
    [property: Id(4)] Guid CustomerId,
    [property: Id(5)] ActivationStatus Status,
    [property: Id(6)] DateOnly StartDate,
    [property: Id(7)] DateOnly? EndDate,
    [property: Id(8)] string? Notes,
    [property: Id(9)] DateTimeOffset? ActivatedAt,
    [property: Id(10)] DateTimeOffset? DeactivatedAt,
    [property: Id(11)] string? DeactivationReason,
    [property: Id(12)] string? FailureReason,
    [property: Id(13)] DateTimeOffset CreatedAt,
    [property: Id(14)] DateTimeOffset UpdatedAt,
    [property: Id(15)] int Version)
{
    public static ServiceActivationView From(ServiceActivationState s) => new(
        s.Id, s.ServiceId, s.ServiceCode, s.ServiceName, s.CustomerId, s.Status, s.StartDate, s.EndDate, s.Notes,
        s.ActivatedAt, s.DeactivatedAt, s.DeactivationReason, s.FailureReason, s.CreatedAt, s.UpdatedAt, s.Version);
}
