using Bss.Domain.Common;
using Bss.Domain.Customers;

namespace Bss.Domain.Assets;

/// <summary>
/// Assigning to a customer and releasing, the same for devices and SIM cards. <paramref name="assigned"/> is the
/// status an assignment moves to, <paramref name="released"/> the one a release moves to, and
/// <paramref name="held"/> every status in which the item keeps its holder: the holder is present exactly while
/// the status is one of them. Entering a held status needs a holder, so it happens only by assigning; leaving the
/// held statuses (release, or a status change such as LOST) clears the holder.
/// </summary>
public sealed class Assignments<TState, TStatus>(
    string entity,
    StatusMachine<TStatus> statuses,
    TStatus assigned,
    TStatus released,
    IReadOnlyCollection<TStatus> held)
    where TState : AssignableState<TStatus>
    where TStatus : struct, Enum
{
    public bool Holds(TStatus status) => held.Contains(status);

    /// <summary>
    /// Assigns the item to <paramref name="customer"/> (null: the customer <paramref name="customerId"/> does not
    /// exist). An item already held is a conflict naming the holder; the customer must be ACTIVE.
    /// </summary>
    public Result<TState> Assign(TState current, Guid customerId, Assignee? customer, DateTimeOffset now, Action<TState>? alsoApply = null)
    {
        if (Entity.Guard(current, entity, expectedVersion: null) is { } missing)
        {
            return missing;
        }

        if (current.AssignedToId is { } holder)
        {
            return new DomainError(ErrorKind.Conflict,
                $"{entity} {current.Id} is already assigned to customer {holder}.",
                new Dictionary<string, string[]> { ["customerId"] = [$"the {entity} is already assigned to customer {holder}"] });
        }

        if (statuses.Check(current.Status, assigned) is { } invalid)
        {
            return invalid;
        }

        if (customer is null)
        {
            return DomainError.NotFound($"Customer {customerId}");
        }

        if (customer.Status != CustomerStatus.Active)
        {
            return new DomainError(ErrorKind.Conflict,
                $"Customer {customerId} is {EnumText.Code(customer.Status)}: only an ACTIVE customer can be assigned a {entity}.",
                new Dictionary<string, string[]> { ["customerId"] = ["must be an ACTIVE customer"] });
        }

        var next = current.NextVersion<TState>(now);
        next.Status = assigned;
        next.AssignedToType = AssigneeType.Customer;
        next.AssignedToId = customer.Id;
        next.AssignedToName = customer.DisplayName;
        next.AssignedDate = DateOnly.FromDateTime(now.UtcDateTime);
        alsoApply?.Invoke(next);
        return Result<TState>.Ok(next);
    }

    /// <summary>Gives a held item back: it returns to the released status without a holder.</summary>
    public Result<TState> Release(TState current, int? expectedVersion, DateTimeOffset now)
    {
        if (Entity.Guard(current, entity, expectedVersion) is { } error)
        {
            return error;
        }

        if (!current.IsAssigned)
        {
            return new DomainError(ErrorKind.InvalidTransition,
                $"{entity} {current.Id} is {EnumText.Code(current.Status)} and not assigned to anyone: there is nothing to release.");
        }

        return ChangeStatus(current, released, expectedVersion, now);
    }

    /// <summary>A status change through the machine; a change out of the held statuses ends the assignment.</summary>
    public Result<TState> ChangeStatus(TState current, TStatus target, int? expectedVersion, DateTimeOffset now)
    {
        if ((Entity.Guard(current, entity, expectedVersion) ?? statuses.Check(current.Status, target)) is { } error)
        {
            return error;
        }

        if (Holds(target) && !current.IsAssigned)
        {
            return new DomainError(ErrorKind.InvalidTransition,
                $"{entity} {current.Id} becomes {EnumText.Code(target)} only by being assigned to a customer (POST .../{current.Id}/assign).");
        }

        var next = current.NextVersion<TState>(now);
        next.Status = target;
        if (!Holds(target))
        {
            next.ClearAssignment();
        }

        return Result<TState>.Ok(next);
    }
}
