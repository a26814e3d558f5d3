using System.Text.Json.Serialization;
using Bss.Domain.Common;

namespace Bss.Domain.Services;

/// <summary>
/// A service definition as its grain holds and persists it. The documents read table is projected from this JSON
/// (statistics aggregate <c>price</c> and <c>activeCustomerCount</c>), so rename properties with care. Type and
/// technology are stored by their contract codes ("IoT", "4G").
/// </summary>
[GenerateSerializer]
public sealed class ServiceState : EntityState
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public string Code { get; set; } = "";
    [Id(2)] public string? Description { get; set; }
    [Id(3)] [JsonConverter(typeof(ServiceTypeJsonConverter))] public ServiceType Type { get; set; }
    [Id(4)] public ServiceCategory Category { get; set; }
    [Id(5)] public ServiceStatus Status { get; set; }
    [Id(6)] [JsonConverter(typeof(ServiceTechnologyJsonConverter))] public ServiceTechnology? Technology { get; set; }
    [Id(7)] public decimal Price { get; set; }
    [Id(8)] public string Currency { get; set; } = "PLN";
    [Id(9)] public BillingCycle BillingCycle { get; set; }
    [Id(10)] public string? DataLimit { get; set; }
    [Id(11)] public string? Speed { get; set; }
    [Id(12)] public int? VoiceMinutes { get; set; }
    [Id(13)] public int? SmsCount { get; set; }
    [Id(14)] public IReadOnlyList<string> RequiredCoverageNodes { get; set; } = [];
    [Id(15)] public IReadOnlyList<string> Features { get; set; } = [];
    [Id(16)] public int? MaxCustomerCount { get; set; }
    [Id(17)] public decimal? SlaUptime { get; set; }
    [Id(18)] public SupportLevel? SupportLevel { get; set; }

    /// <summary>
    /// The activations currently counted as customers of this service. Keyed by activation id so a retried
    /// attach or detach counts once; it holds only open activations, so it shrinks as customers leave.
    /// </summary>
    /// <summary>Activations counted before the service kept only a count: each leaves when it is uncounted. Nothing is
    /// added any more (which activations are active is the read side's: ACTIVE service-activation documents).</summary>
    [Id(19)] public IReadOnlyList<Guid> ActiveActivationIds { get; set; } = [];

    /// <summary>How many activations count as customers of the service; stored so SQL can aggregate it.</summary>
    [Id(20)] public int ActiveCustomerCount { get; set; }

    /// <summary>Activations counted whose activation has not yet confirmed it stored ACTIVE: a repeated count of one
    /// of them changes nothing (see <see cref="ServiceDefinition.CountActivation"/>).</summary>
    [Id(21)] public IReadOnlyList<Guid> UnconfirmedCounts { get; set; } = [];

    /// <summary>Activations uncounted whose activation has not yet confirmed it stored INACTIVE.</summary>
    [Id(22)] public IReadOnlyList<Guid> UnconfirmedUncounts { get; set; } = [];
}
