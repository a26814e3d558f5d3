using Bss.Abstractions.ServiceActivations;
using Bss.Domain.Common;
using Bss.Domain.ServiceActivations;

namespace Bss.Api.ServiceActivations;

/// <summary>POST /activations body.</summary>
public sealed record ActivateServiceRequest(string? ServiceId, string? CustomerId, DateOnly? StartDate, string? Notes)
{
    public ActivationRequest ToRequest(FieldErrors errors) =>
        new(ParseId("serviceId", ServiceId, errors), ParseId("customerId", CustomerId, errors), StartDate, Notes);

    private static Guid ParseId(string field, string? raw, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            errors.Add(field, "is required");
            return Guid.Empty;
        }

        if (Guid.TryParse(raw, out var id))
        {
            return id;
        }

        errors.Add(field, "must be a UUID");
        return Guid.Empty;
    }
}

/// <summary>POST /activations/{id}/deactivate body (optional).</summary>
public sealed record DeactivateServiceRequest(DateOnly? EndDate, string? Reason, int? Version)
{
    public DeactivationRequest ToRequest() => new(EndDate, Reason);
}

public sealed record ServiceActivationResponse(
    Guid Id,
    Guid ServiceId,
    string ServiceCode,
    string ServiceName,
    Guid CustomerId,
    string Status,
    string StatusDisplayName,
    DateOnly StartDate,
    DateOnly? EndDate,
    string? Notes,
    DateTimeOffset? ActivatedAt,
    DateTimeOffset? DeactivatedAt,
    string? DeactivationReason,
    string? FailureReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version)
{
    public static ServiceActivationResponse From(ServiceActivationView a) => new(
        a.Id, a.ServiceId, a.ServiceCode, a.ServiceName, a.CustomerId, EnumText.Code(a.Status), EnumText.Display(a.Status),
        a.StartDate, a.EndDate, a.Notes, a.ActivatedAt, a.DeactivatedAt, a.DeactivationReason, a.FailureReason,
        a.CreatedAt, a.UpdatedAt, a.Version);
}

/// <summary>POST /check-eligibility answer.</summary>
public sealed record EligibilityResponse(bool Eligible, IReadOnlyList<string> Reasons);
