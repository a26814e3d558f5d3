using System.Text.Json.Serialization;
using Bss.Domain.Common;

namespace Bss.Domain.Assets;

/// <summary>
/// What devices and SIM cards share: a status and, while the status says the item is held, the customer holding
/// it. The holder is set and cleared only by the item's own rules, so an item has at most one holder.
/// </summary>
[GenerateSerializer]
public abstract class AssignableState<TStatus> : EntityState where TStatus : struct, Enum
{
    [Id(0)] public TStatus Status { get; set; }
    [Id(1)] public AssigneeType? AssignedToType { get; set; }
    [Id(2)] public Guid? AssignedToId { get; set; }
    [Id(3)] public string? AssignedToName { get; set; }
    [Id(4)] public DateOnly? AssignedDate { get; set; }

    /// <summary>
    /// The holder when it is a customer. Written to the JSON state (never read back) so the documents read table
    /// fills its customer_id column and "by customer" lists use its index.
    /// </summary>
    public Guid? CustomerId => AssignedToType == AssigneeType.Customer ? AssignedToId : null;

    [JsonIgnore]
    public bool IsAssigned => AssignedToId is not null;

    public void ClearAssignment()
    {
        AssignedToType = null;
        AssignedToId = null;
        AssignedToName = null;
        AssignedDate = null;
    }
}
