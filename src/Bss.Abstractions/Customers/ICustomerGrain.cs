using Bss.Domain.Common;
using Bss.Domain.Customers;

namespace Bss.Abstractions.Customers;

/// <summary>One customer, keyed by its id.</summary>
public interface ICustomerGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Registers the customer. Registering the same details again under the same id answers the existing customer
    /// (a retried create); other details under a taken id are refused with AlreadyExists.
    /// </summary>
    Task<Result<CustomerView>> RegisterAsync(CustomerDetails details);

    /// <summary>
    /// <see cref="RegisterAsync"/> keyed by an Idempotency-Key (the request's fingerprint; null without a key): the key's
    /// record is kept in this entity and written by the create's own write; a repeat replays, another request with
    /// the key is refused (<see cref="ErrorKind.IdempotencyKeyReused"/>).
    /// </summary>
    Task<Result<Created<CustomerView>>> CreateOnceAsync(CustomerDetails details, string? requestFingerprint);

    [Orleans.Concurrency.ReadOnly]
    Task<CustomerView?> GetAsync();

    /// <summary>Whether the customer existed and was deleted (a tombstone), as opposed to never stored.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<bool> IsDeletedAsync();

    Task<Result<CustomerView>> UpdateDetailsAsync(CustomerDetails details, int expectedVersion);

    Task<Result<CustomerView>> ChangeStatusAsync(CustomerStatus target, int? expectedVersion);

    /// <summary>Termination and deletion are refused while the customer has ACTIVE subscriptions.</summary>
    Task<Result<CustomerView>> DeleteAsync(int? expectedVersion);

    /// <summary>
    /// A subscription of this customer starts or resumes: refused (the error says why) unless the customer is ACTIVE.
    /// Called by the subscription before it records itself ACTIVE.
    /// </summary>
    Task<DomainError?> AttachSubscriptionAsync(Guid subscriptionId);

    /// <summary>A subscription stopped being ACTIVE. Best effort: a lost detach is repaired when termination re-checks.</summary>
    Task DetachSubscriptionAsync(Guid subscriptionId);
}

[GenerateSerializer, Immutable]
public sealed record CustomerView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string FirstName,
    [property: Id(2)] string LastName,
    [property: Id(3)] string Email,
    [property: Id(4)] string? Pesel,
    [property: Id(5)] string? Nip,
    [property: Id(6)] string? Phone,
    [property: Id(7)] CustomerStatus Status,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset UpdatedAt,
    [property: Id(10)] int Version)
{
    public static CustomerView From(CustomerState s) =>
        new(s.Id, s.FirstName, s.LastName, s.Email, s.Pesel, s.Nip, s.Phone, s.Status, s.CreatedAt, s.UpdatedAt, s.Version);
}
