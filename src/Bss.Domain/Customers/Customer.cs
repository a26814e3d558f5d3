using Bss.Domain.Common;

namespace Bss.Domain.Customers;

/// <summary>The customer's rules: pure decisions on state, called by the grain.</summary>
public static class Customer
{
    private static readonly Dictionary<CustomerStatus, CustomerStatus[]> Transitions = new()
    {
        [CustomerStatus.Active] = [CustomerStatus.Inactive, CustomerStatus.Suspended, CustomerStatus.Terminated],
        [CustomerStatus.Inactive] = [CustomerStatus.Active, CustomerStatus.Terminated],
        [CustomerStatus.Suspended] = [CustomerStatus.Active, CustomerStatus.Terminated],
        [CustomerStatus.Terminated] = [],
    };

    public static bool CanMove(CustomerStatus from, CustomerStatus to) => Transitions[from].Contains(to);

    public static IReadOnlyList<CustomerStatus> AllowedFrom(CustomerStatus from) => Transitions[from];

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
        var errors = new FieldErrors();
        Check(errors, "firstName", TextRules.Length(details.FirstName, 2, 50));
        Check(errors, "lastName", TextRules.Length(details.LastName, 2, 50));
        Check(errors, "email", TextRules.Email(details.Email));
        Check(errors, "pesel", Pesel.Check(details.Pesel));
        Check(errors, "nip", TextRules.Digits(details.Nip, 10));
        Check(errors, "phone", TextRules.Phone(details.Phone));
        return errors;
    }

    public static Result<CustomerState> Create(CustomerState current, Guid id, CustomerDetails details, DateTimeOffset now)
    {
        if (current.Version > 0)
        {
            return new DomainError(ErrorKind.AlreadyExists, $"Customer {id} already exists.");
        }

        var normalized = Normalize(details);
        return Validate(normalized).ToResult(() => Apply(new CustomerState
        {
            Id = id,
            Status = CustomerStatus.Active,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        }, normalized));
    }

    public static Result<CustomerState> Update(CustomerState current, CustomerDetails details, int expectedVersion, DateTimeOffset now)
    {
        if (Guard(current, expectedVersion) is { } error)
        {
            return error;
        }

        if (current.Status == CustomerStatus.Terminated)
        {
            return new DomainError(ErrorKind.Conflict, "A terminated customer cannot be changed.");
        }

        var normalized = Normalize(details);
        return Validate(normalized).ToResult(() => Apply(Next(current, now), normalized));
    }

    public static Result<CustomerState> ChangeStatus(CustomerState current, CustomerStatus target, int? expectedVersion, DateTimeOffset now)
    {
        if (Guard(current, expectedVersion) is { } error)
        {
            return error;
        }

        if (!CanMove(current.Status, target))
        {
            var allowed = AllowedFrom(current.Status);
            var hint = allowed.Count == 0
                ? $"{EnumText.Code(current.Status)} is final"
                : "allowed: " + string.Join(", ", allowed.Select(s => EnumText.Code(s)));
            return new DomainError(
                ErrorKind.InvalidTransition,
                $"A customer cannot move from {EnumText.Code(current.Status)} to {EnumText.Code(target)} ({hint}).");
        }

        var next = Next(current, now);
        next.Status = target;
        return Result<CustomerState>.Ok(next);
    }

    public static Result<CustomerState> Delete(CustomerState current, int? expectedVersion, DateTimeOffset now)
    {
        if (Guard(current, expectedVersion) is { } error)
        {
            return error;
        }

        var next = Next(current, now);
        next.IsDeleted = true;
        return Result<CustomerState>.Ok(next);
    }

    private static DomainError? Guard(CustomerState current, int? expectedVersion)
    {
        if (!current.Exists)
        {
            return DomainError.NotFound($"Customer {current.Id}");
        }

        return expectedVersion is { } expected && expected != current.Version
            ? DomainError.StaleVersion(expected, current.Version)
            : null;
    }

    private static CustomerState Next(CustomerState current, DateTimeOffset now) => new()
    {
        Id = current.Id,
        FirstName = current.FirstName,
        LastName = current.LastName,
        Email = current.Email,
        Pesel = current.Pesel,
        Nip = current.Nip,
        Phone = current.Phone,
        Status = current.Status,
        CreatedAt = current.CreatedAt,
        UpdatedAt = now,
        Version = current.Version + 1,
        IsDeleted = current.IsDeleted,
    };

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

    private static void Check(FieldErrors errors, string field, string? problem)
    {
        if (problem is not null)
        {
            errors.Add(field, problem);
        }
    }
}
