using System.Text.RegularExpressions;
using Bss.Domain.Common;

namespace Bss.Domain.Services;

/// <summary>The service definition's rules: pure decisions on state, called by the grain.</summary>
public static partial class ServiceDefinition
{
    public const string Name = "Service";
    public const int MaxFeatures = 50;
    public const int MaxCoverageNodes = 500;
    public const decimal MaxPrice = 999_999.99m;
    public const string DefaultCurrency = "PLN";

    /// <summary>
    /// PLANNED → ACTIVE | DEPRECATED; ACTIVE ↔ INACTIVE; ACTIVE ↔ SUSPENDED; ACTIVE, INACTIVE, SUSPENDED →
    /// DEPRECATED; DEPRECATED is final (a withdrawn offer is not sold again: define a new service instead).
    /// </summary>
    public static readonly StatusMachine<ServiceStatus> Statuses = new(Name, new Dictionary<ServiceStatus, ServiceStatus[]>
    {
        [ServiceStatus.Planned] = [ServiceStatus.Active, ServiceStatus.Deprecated],
        [ServiceStatus.Active] = [ServiceStatus.Inactive, ServiceStatus.Suspended, ServiceStatus.Deprecated],
        [ServiceStatus.Inactive] = [ServiceStatus.Active, ServiceStatus.Deprecated],
        [ServiceStatus.Suspended] = [ServiceStatus.Active, ServiceStatus.Deprecated],
        [ServiceStatus.Deprecated] = [],
    });

    /// <summary>The statuses a new service may start in (default ACTIVE).</summary>
    public static readonly IReadOnlyList<ServiceStatus> InitialStatuses = [ServiceStatus.Active, ServiceStatus.Planned, ServiceStatus.Inactive];

    /// <summary>Trims text, treats empty optional fields as absent, fills defaults, drops empty list entries.</summary>
    public static ServiceDetails Normalize(ServiceDetails d) => d with
    {
        Name = TextRules.Normalize(d.Name),
        Code = TextRules.Normalize(d.Code),
        Description = TextRules.Normalize(d.Description),
        Currency = TextRules.Normalize(d.Currency)?.ToUpperInvariant() ?? DefaultCurrency,
        BillingCycle = d.BillingCycle ?? Services.BillingCycle.Monthly,
        DataLimit = TextRules.Normalize(d.DataLimit),
        Speed = TextRules.Normalize(d.Speed),
        RequiredCoverageNodes = Entries(d.RequiredCoverageNodes).Distinct(StringComparer.Ordinal).ToList(),
        Features = Entries(d.Features).ToList(),
    };

    public static FieldErrors Validate(ServiceDetails d)
    {
        var errors = new FieldErrors()
            .Check("name", TextRules.Length(d.Name, 1, 100))
            .Check("code", d.Code is null ? "is required" : CodeShape().IsMatch(d.Code) ? null : "must be 1 to 20 of A-Z, 0-9, _ and -")
            .Check("description", TextRules.Length(d.Description, 0, 1000, required: false))
            .Check("type", d.Type is null ? "is required" : null)
            .Check("category", d.Category is null ? "is required" : null)
            .Check("price", Amount(d.Price, MaxPrice, required: true))
            .Check("currency", d.Currency is { Length: 3 } c && c.All(char.IsAsciiLetterUpper) ? null : "must be a 3-letter currency code")
            .Check("dataLimit", TextRules.Length(d.DataLimit, 1, 50, required: false))
            .Check("speed", TextRules.Length(d.Speed, 1, 50, required: false))
            .Check("voiceMinutes", d.VoiceMinutes is < 0 ? "must not be negative" : null)
            .Check("smsCount", d.SmsCount is < 0 ? "must not be negative" : null)
            .Check("maxCustomerCount", d.MaxCustomerCount is < 1 ? "must be at least 1" : null)
            .Check("slaUptime", Amount(d.SlaUptime, 100m, required: false))
            .Check("features", d.Features?.Count > MaxFeatures ? $"must have at most {MaxFeatures} entries" : null)
            .Check("features", d.Features?.Any(f => f.Length > 200) == true ? "entries must be at most 200 characters" : null)
            .Check("requiredCoverageNodes", d.RequiredCoverageNodes?.Count > MaxCoverageNodes ? $"must have at most {MaxCoverageNodes} entries" : null)
            .Check("requiredCoverageNodes", d.RequiredCoverageNodes?.Any(n => n.Length > 100) == true ? "entries must be at most 100 characters" : null);
        if (d.InitialStatus is { } initial && !InitialStatuses.Contains(initial))
        {
            errors.Add("status", "a new service must be ACTIVE, PLANNED or INACTIVE");
        }

        return errors;
    }

    public static Result<ServiceState> Create(ServiceState current, Guid id, ServiceDetails details, DateTimeOffset now)
    {
        if (Entity.MustBeNew(current, Name, id) is { } exists)
        {
            return exists;
        }

        var normalized = Normalize(details);
        return Validate(normalized).ToResult(() =>
        {
            var created = Apply(current.FirstVersion<ServiceState>(id, now), normalized);
            created.Status = normalized.InitialStatus ?? ServiceStatus.Active;
            created.ActiveActivationIds = [];
            created.UnconfirmedCounts = [];
            created.UnconfirmedUncounts = [];
            created.ActiveCustomerCount = 0;
            return created;
        });
    }

    public static Result<ServiceState> Update(ServiceState current, ServiceDetails details, int expectedVersion, DateTimeOffset now)
    {
        if (Entity.Guard(current, Name, expectedVersion) is { } error)
        {
            return error;
        }

        if (current.Status == ServiceStatus.Deprecated)
        {
            return new DomainError(ErrorKind.Conflict, "A deprecated service cannot be changed.");
        }

        var normalized = Normalize(details with { InitialStatus = null });
        return Validate(normalized).ToResult(() => Apply(current.NextVersion<ServiceState>(now), normalized));
    }

    public static Result<ServiceState> ChangeStatus(ServiceState current, ServiceStatus target, int? expectedVersion, DateTimeOffset now)
    {
        if ((Entity.Guard(current, Name, expectedVersion) ?? Statuses.Check(current.Status, target)) is { } error)
        {
            return error;
        }

        var next = current.NextVersion<ServiceState>(now);
        next.Status = target;
        return Result<ServiceState>.Ok(next);
    }

    /// <summary>A service that customers still use cannot be deleted (deprecate it instead).</summary>
    public static Result<ServiceState> Delete(ServiceState current, int? expectedVersion, DateTimeOffset now)
    {
        if (current.Exists && current.ActiveCustomerCount > 0)
        {
            return new DomainError(ErrorKind.Conflict,
                $"Service {current.Code} has {current.ActiveCustomerCount} active customer(s): deactivate them or deprecate the service instead.");
        }

        return Entity.Delete(current, Name, expectedVersion, now);
    }

    // Counting customers. The service keeps how many activations count, not which (a list of every active activation,
    // rewritten on each one, grew without bound); which are active is the read side's: the ACTIVE service-activation
    // documents. A count must still happen once per activation although the activation may ask again: it asks while
    // PROVISIONING, stores ACTIVE, then confirms. A crash before ACTIVE is stored makes it ask again, so the service
    // remembers the id until it is confirmed; once the activation has stored ACTIVE it never asks again, so the id
    // can go. Uncounting (DEPROVISIONING, then INACTIVE) works the same way. What stays remembered is only what is in
    // flight, plus an id whose confirmation was lost (a crash between the two writes), which its uncount removes.

    /// <summary>Whether counting this activation again would count it twice.</summary>
    public static bool IsCounted(ServiceState current, Guid activationId) =>
        current.UnconfirmedCounts.Contains(activationId) || current.ActiveActivationIds.Contains(activationId);

    /// <summary>Whether uncounting this activation again would uncount it twice.</summary>
    public static bool IsUncounted(ServiceState current, Guid activationId) => current.UnconfirmedUncounts.Contains(activationId);

    /// <summary>Why a new customer cannot be given this service now, or null when one can.</summary>
    public static DomainError? RefuseNewCustomer(ServiceStatus status, string code, int activeCustomers, int? maxCustomers)
    {
        if (status != ServiceStatus.Active)
        {
            return new DomainError(ErrorKind.Conflict,
                $"Service {code} is {ServiceCodes.Status.Code(status)}: only an ACTIVE service can be activated.");
        }

        return activeCustomers >= maxCustomers
            ? new DomainError(ErrorKind.Conflict, $"Service {code} has reached its maximum of {maxCustomers} customers.")
            : null;
    }

    /// <summary>Counts an activation as a customer of the service, once until it is confirmed.</summary>
    public static Result<ServiceState> CountActivation(ServiceState current, Guid activationId, DateTimeOffset now)
    {
        if (current.Exists && IsCounted(current, activationId))
        {
            return Result<ServiceState>.Ok(current);
        }

        if ((Entity.Guard(current, Name, null)
                ?? RefuseNewCustomer(current.Status, current.Code, current.ActiveCustomerCount, current.MaxCustomerCount)) is { } error)
        {
            return error;
        }

        var next = current.NextVersion<ServiceState>(now);
        next.UnconfirmedCounts = [.. current.UnconfirmedCounts, activationId];
        next.ActiveCustomerCount = current.ActiveCustomerCount + 1;
        return Result<ServiceState>.Ok(next);
    }

    /// <summary>Stops counting an activation (one that was counted: it was ACTIVE), once until it is confirmed.</summary>
    public static Result<ServiceState> UncountActivation(ServiceState current, Guid activationId, DateTimeOffset now)
    {
        if (current.Exists && IsUncounted(current, activationId))
        {
            return Result<ServiceState>.Ok(current);
        }

        if (Entity.Guard(current, Name, null) is { } error)
        {
            return error;
        }

        var next = current.NextVersion<ServiceState>(now);
        next.ActiveActivationIds = current.ActiveActivationIds.Where(a => a != activationId).ToList();
        next.UnconfirmedCounts = current.UnconfirmedCounts.Where(a => a != activationId).ToList();
        next.UnconfirmedUncounts = [.. current.UnconfirmedUncounts, activationId];
        next.ActiveCustomerCount = Math.Max(0, current.ActiveCustomerCount - 1);
        return Result<ServiceState>.Ok(next);
    }

    /// <summary>The activation has stored the outcome of its count or uncount: it will not ask again, so its id goes.</summary>
    public static Result<ServiceState> ConfirmActivation(ServiceState current, Guid activationId, DateTimeOffset now)
    {
        if (!current.Exists || !(current.UnconfirmedCounts.Contains(activationId) || current.UnconfirmedUncounts.Contains(activationId)))
        {
            return Result<ServiceState>.Ok(current);
        }

        var next = current.NextVersion<ServiceState>(now);
        next.UnconfirmedCounts = current.UnconfirmedCounts.Where(a => a != activationId).ToList();
        next.UnconfirmedUncounts = current.UnconfirmedUncounts.Where(a => a != activationId).ToList();
        return Result<ServiceState>.Ok(next);
    }

    private static string? Amount(decimal? value, decimal max, bool required)
    {
        if (value is not { } amount)
        {
            return required ? "is required" : null;
        }

        if (amount < 0 || amount > max)
        {
            return $"must be between 0 and {max.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        }

        return decimal.Round(amount, 2) == amount ? null : "must have at most 2 decimal places";
    }

    private static IEnumerable<string> Entries(IReadOnlyList<string>? values) =>
        (values ?? []).Select(TextRules.Normalize).OfType<string>();

    private static ServiceState Apply(ServiceState state, ServiceDetails d)
    {
        state.Name = d.Name!;
        state.Code = d.Code!;
        state.Description = d.Description;
        state.Type = d.Type!.Value;
        state.Category = d.Category!.Value;
        state.Technology = d.Technology;
        state.Price = d.Price!.Value;
        state.Currency = d.Currency!;
        state.BillingCycle = d.BillingCycle!.Value;
        state.DataLimit = d.DataLimit;
        state.Speed = d.Speed;
        state.VoiceMinutes = d.VoiceMinutes;
        state.SmsCount = d.SmsCount;
        state.RequiredCoverageNodes = d.RequiredCoverageNodes ?? [];
        state.Features = d.Features ?? [];
        state.MaxCustomerCount = d.MaxCustomerCount;
        state.SlaUptime = d.SlaUptime;
        state.SupportLevel = d.SupportLevel;
        return state;
    }

    [GeneratedRegex("^[A-Z0-9_-]{1,20}$")]
    private static partial Regex CodeShape();
}
