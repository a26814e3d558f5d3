using Bss.Abstractions.Common;
using Bss.Domain.ServiceActivations;

namespace Bss.Abstractions.ServiceActivations;

/// <summary>Lists activations and answers eligibility questions from the documents read table.</summary>
public interface IServiceActivationQueryGrain : IGrainWithIntegerKey
{
    Task<Page<ServiceActivationView>> SearchAsync(ServiceActivationSearch search, CancellationToken cancellationToken = default);

    /// <summary>Whether the customer may get the service with this code now, and every reason why not.</summary>
    Task<Eligibility> CheckEligibilityAsync(Guid customerId, string serviceCode);
}

[GenerateSerializer, Immutable]
public sealed record ServiceActivationSearch(
    [property: Id(0)] PageRequest Page,
    [property: Id(1)] Guid? CustomerId,
    [property: Id(2)] Guid? ServiceId,
    [property: Id(3)] ActivationStatus? Status);

[GenerateSerializer, Immutable]
public sealed record Eligibility(
    [property: Id(0)] bool Eligible,
    [property: Id(1)] IReadOnlyList<string> Reasons);

public static class ServiceActivationSortFields
{
    public static readonly IReadOnlyList<string> All = ["createdAt", "updatedAt", "status", "startDate", "serviceCode"];
}
