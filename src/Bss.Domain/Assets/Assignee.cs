using Bss.Domain.Customers;

namespace Bss.Domain.Assets;

/// <summary>The customer an assignment names, as its grain answered just before the decision.</summary>
public sealed record Assignee(Guid Id, string FirstName, string LastName, CustomerStatus Status)
{
    /// <summary>"firstName lastName", shown as assignedToName.</summary>
    public string DisplayName => $"{FirstName} {LastName}";
}
