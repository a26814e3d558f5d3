using Bss.Domain.Common;

namespace Bss.Domain.Customers;

/// <summary>The customer's rules: pure decisions on state, called by the grain.</summary>
public static class Customer
{
    public const string Name = "Customer";

    public static readonly StatusMachine<CustomerStatus> Statuses = new(Name, new Dictionary<CustomerStatus, CustomerStatus[]>
    {
        [CustomerStatus.Active] = [CustomerStatus.Inactive, CustomerStatus.Suspended, CustomerStatus.Terminated],
        [CustomerStatus.Inactive] = [CustomerStatus.Active, CustomerStatus.Terminated],
        [CustomerStatus.Suspended] = [CustomerStatus.Active, CustomerStatus.Terminated],
        [CustomerStatus.Terminated] = [],
    });

    /// <summary>Trims the details and treats empty optional fields as absent.</summary>
    public static CustomerDetails Normalize(CustomerDetails details) => new(
        TextRules.Normalize(details.FirstName),
        TextRules.Normalize(details.LastName),
        TextRules.Normalize(details.Email)?.ToLowerInvariant(),
        TextRules.Normalize(details.Pesel),
        TextRules.Normalize(details.Nip),
        TextRules.Normalize(details.Phone));

    public static FieldErrors Validate(CustomerDetails details)
    {
        return new FieldErrors()
            .Check("firstName", TextRules.Length(details.FirstName, 2, 50))
            .Check("lastName", TextRules.Length(details.LastName, 2, 50))
            .Check("email", TextRules.Email(details.Email))
            .Check("pesel", Pesel.Check(details.Pesel))
            .Check("nip", TextRules.Digits(details.Nip, 10))
            .Check("phone", TextRules.Phone(details.Phone));
    }

    public static Result<CustomerState> Create(CustomerState current, Guid id, CustomerDetails details, DateTimeOffset now)
    {
        if (Entity.MustBeNew(current, Name, id) is { } exists)
        {
            return exists;
        }

        var normalized = Normalize(details);
        return Validate(normalized).ToResult(() =>
        {
            var created = Apply(current.FirstVersion<CustomerState>(id, now), normalized);
            created.Status = CustomerStatus.Active;
            return created;
        });
    }

    public static Result<CustomerState> Update(CustomerState current, CustomerDetails details, int expectedVersion, DateTimeOffset now)
    {
        if (Entity.Guard(current, Name, expectedVersion) is { } error)
        {
            return error;
        }

        if (current.Status == CustomerStatus.Terminated)
        {
            return new DomainError(ErrorKind.Conflict, "A terminated customer cannot be changed.");
        }

        var normalized = Normalize(details);
        return Validate(normalized).ToResult(() => Apply(current.NextVersion<CustomerState>(now), normalized));
    }

    public static Result<CustomerState> ChangeStatus(CustomerState current, CustomerStatus target, int? expectedVersion, DateTimeOffset now)
    {
        if ((Entity.Guard(current, Name, expectedVersion) ?? Statuses.Check(current.Status, target)
                ?? (target == CustomerStatus.Terminated ? ActiveSubscriptionsBlock(current, "terminated") : null)) is { } error)
        {
            return error;
        }

        var next = current.NextVersion<CustomerState>(now);
        next.Status = target;
        return Result<CustomerState>.Ok(next);
    }

    /// <summary>
    /// Deletes the customer, leaving a tombstone (its id is never reused) that keeps no personal data: names, e-mail,
    /// PESEL, NIP and phone are erased (the audit trail keeps its masked record of them).
    /// </summary>
    public static Result<CustomerState> Delete(CustomerState current, int? expectedVersion, DateTimeOffset now)
    {
        if ((Entity.Guard(current, Name, expectedVersion) ?? ActiveSubscriptionsBlock(current, "deleted")) is { } error)
        {
            return error;
        }

        var deleted = Entity.Delete(current, Name, expectedVersion, now);
        if (deleted.IsSuccess)
        {
            var tombstone = deleted.Value;
            (tombstone.FirstName, tombstone.LastName, tombstone.Email) = ("", "", "");
            (tombstone.Pesel, tombstone.Nip, tombstone.Phone) = (null, null, null);
        }

        return deleted;
    }

    /// <summary>
    /// Records a subscription that starts or resumes. Only an ACTIVE customer takes one, and this runs in the
    /// customer's own turn, so it cannot slip past a termination. Attaching twice changes nothing.
    /// </summary>
    public static Result<CustomerState> AttachSubscription(CustomerState current, Guid subscriptionId)
    {
        if (!current.Exists)
        {
            return DomainError.NotFound($"{Name} {current.Id}");
        }

        if (current.Status != CustomerStatus.Active)
        {
            return new DomainError(ErrorKind.Conflict,
                $"{Name} {current.Id} is {EnumText.Code(current.Status)}: only an ACTIVE customer can have an ACTIVE subscription.");
        }

        return current.ActiveSubscriptionIds.Contains(subscriptionId)
            ? Result<CustomerState>.Ok(current)
            : Result<CustomerState>.Ok(current.WithSubscriptions([.. current.ActiveSubscriptionIds, subscriptionId]));
    }

    /// <summary>Drops subscriptions that stopped (or that their grains say are not ACTIVE); unknown ids change nothing.</summary>
    public static Result<CustomerState> DetachSubscriptions(CustomerState current, IReadOnlyCollection<Guid> subscriptionIds)
    {
        var remaining = current.ActiveSubscriptionIds.Where(id => !subscriptionIds.Contains(id)).ToArray();
        return Result<CustomerState>.Ok(remaining.Length == current.ActiveSubscriptionIds.Length
            ? current
            : current.WithSubscriptions(remaining));
    }

    /// <summary>A customer with ACTIVE subscriptions is neither terminated nor deleted; the message names them.</summary>
    private static DomainError? ActiveSubscriptionsBlock(CustomerState current, string action) =>
        current.ActiveSubscriptionIds.Length == 0
            ? null
            : new DomainError(ErrorKind.Conflict,
                $"{Name} {current.Id} has ACTIVE subscriptions ({string.Join(", ", current.ActiveSubscriptionIds)}) " +
                $"and cannot be {action}; cancel or suspend them first.");

    private static CustomerState Apply(CustomerState state, CustomerDetails details)
    {
        state.FirstName = details.FirstName!;
        state.LastName = details.LastName!;
        state.Email = details.Email!;
        state.Pesel = details.Pesel;
        state.Nip = details.Nip;
        state.Phone = details.Phone;
        return state;
    }
}
