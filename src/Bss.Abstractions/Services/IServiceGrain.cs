using System.Text.Json.Serialization;
using Bss.Domain.Common;
using Bss.Domain.Services;

namespace Bss.Abstractions.Services;

/// <summary>One service definition of the catalog, keyed by its id.</summary>
public interface IServiceGrain : IGrainWithGuidKey
{
    /// <summary>Defines the service. The same details again under the same id answer the existing service (a retried create).</summary>
    Task<Result<ServiceView>> DefineAsync(ServiceDetails details);

    /// <summary>
    /// <see cref="DefineAsync"/> keyed by an Idempotency-Key (the request's fingerprint; null without a key): the key's
    /// record is kept in this entity and written by the create's own write; a repeat replays, another request with
    /// the key is refused (<see cref="ErrorKind.IdempotencyKeyReused"/>).
    /// </summary>
    Task<Result<Created<ServiceView>>> CreateOnceAsync(ServiceDetails details, string? requestFingerprint);

    [Orleans.Concurrency.ReadOnly]
    Task<ServiceView?> GetAsync();

    Task<Result<ServiceView>> UpdateDetailsAsync(ServiceDetails details, int expectedVersion);

    Task<Result<ServiceView>> ChangeStatusAsync(ServiceStatus target, int? expectedVersion);

    Task<Result<ServiceView>> DeleteAsync(int? expectedVersion);

    /// <summary>
    /// Counts the activation as a customer of this service: refused unless the service is ACTIVE and below its
    /// maximum. Idempotent per activation id (a retry does not count twice).
    /// </summary>
    Task<Result<ServiceView>> CountActivationAsync(Guid activationId);

    /// <summary>Stops counting the activation; idempotent per activation id.</summary>
    Task<Result<ServiceView>> UncountActivationAsync(Guid activationId);

    /// <summary>The activation has stored the outcome of its (un)count and will not repeat it: the service forgets its id.</summary>
    Task ConfirmActivationAsync(Guid activationId);
}

/// <summary>A service definition as the API shows it.</summary>
/// <remarks>Lists read it straight from the state's JSON (Bss.ReadSide), so the contract-coded fields carry the state's converters.</remarks>
[GenerateSerializer, Immutable]
public sealed record ServiceView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Code,
    [property: Id(3)] string? Description,
    [property: Id(4), JsonConverter(typeof(ServiceTypeJsonConverter))] ServiceType Type,
    [property: Id(5)] ServiceCategory Category,
    [property: Id(6)] ServiceStatus Status,
    [property: Id(7), JsonConverter(typeof(ServiceTechnologyJsonConverter))] ServiceTechnology? Technology,
    [property: Id(8)] decimal Price,
    [property: Id(9)] string Currency,
    [property: Id(10)] BillingCycle BillingCycle,
    [property: Id(11)] string? DataLimit,
    [property: Id(12)] string? Speed,
    [property: Id(13)] int? VoiceMinutes,
    [property: Id(14)] int? SmsCount,
    [property: Id(15)] IReadOnlyList<string> RequiredCoverageNodes,
    [property: Id(16)] IReadOnlyList<string> Features,
    [property: Id(17)] int ActiveCustomerCount,
    [property: Id(18)] int? MaxCustomerCount,
    [property: Id(19)] decimal? SlaUptime,
    [property: Id(20)] SupportLevel? SupportLevel,
    [property: Id(21)] DateTimeOffset CreatedAt,
    [property: Id(22)] DateTimeOffset UpdatedAt,
    [property: Id(23)] int Version)
{
    public static ServiceView From(ServiceState s) => new(
        s.Id, s.Name, s.Code, s.Description, s.Type, s.Category, s.Status, s.Technology, s.Price, s.Currency,
        s.BillingCycle, s.DataLimit, s.Speed, s.VoiceMinutes, s.SmsCount, s.RequiredCoverageNodes, s.Features,
        s.ActiveCustomerCount, s.MaxCustomerCount, s.SlaUptime, s.SupportLevel, s.CreatedAt, s.UpdatedAt, s.Version);
}
