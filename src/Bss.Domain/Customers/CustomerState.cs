using Bss.Domain.Common;

namespace Bss.Domain.Customers;

/// <summary>
/// A customer as the grain holds and persists it: JSON (camelCase) in the grain storage table, from which the
/// documents read table is projected; rename properties with care.
/// </summary>
[GenerateSerializer]
public sealed class CustomerState : EntityState
{
    [Id(0)] public string FirstName { get; set; } = "";
    [Id(1)] public string LastName { get; set; } = "";
    [Id(2)] public string Email { get; set; } = "";
    [Id(3)] public string? Pesel { get; set; }
    [Id(4)] public string? Nip { get; set; }
    [Id(5)] public string? Phone { get; set; }
    [Id(6)] public CustomerStatus Status { get; set; }

    /// <summary>
    /// The subscriptions that may still be ACTIVE (attached when one starts or resumes, detached when it stops).
    /// Bounded by the live subscriptions, not a history; replaced, never mutated.
    /// </summary>
    [Id(7)] public Guid[] ActiveSubscriptionIds { get; set; } = [];

    /// <summary>A copy with another set of subscriptions, at the same version: the set is not part of what the API
    /// shows, so keeping it current does not make a client's copy of the customer stale.</summary>
    public CustomerState WithSubscriptions(Guid[] subscriptionIds)
    {
        var copy = (CustomerState)MemberwiseClone();
        copy.ActiveSubscriptionIds = subscriptionIds;
        return copy;
    }
}
