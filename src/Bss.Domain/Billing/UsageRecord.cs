using Bss.Domain.Common;

namespace Bss.Domain.Billing;

/// <summary>A usage record as stored (and listed): so much of one usage type, on one day, of one subscription.</summary>
[GenerateSerializer]
public sealed class UsageRecordState : EntityState
{
    [Id(0)] public Guid SubscriptionId { get; set; }
    [Id(1)] public Guid CustomerId { get; set; }
    [Id(2)] public UsageType UsageType { get; set; }
    [Id(3)] public decimal Quantity { get; set; }
    [Id(4)] public string Unit { get; set; } = "";
    [Id(5)] public DateOnly UsageDate { get; set; }
    [Id(6)] public string? Description { get; set; }

    /// <summary>The read table's status column: every stored record is RECORDED; rating happens on the account.</summary>
    [Id(7)] public string Status { get; set; } = "RECORDED";
}

public static class UsageRecord
{
    public const string Name = "Usage record";

    public static FieldErrors Validate(decimal? quantity, string? description)
    {
        var errors = new FieldErrors().Check("description", TextRules.Length(TextRules.Normalize(description), 1, 500, required: false));
        if (quantity is not { } q)
        {
            errors.Add("quantity", "is required");
        }
        else if (q <= 0 || q > 1_000_000_000 || q != Math.Round(q, 3))
        {
            errors.Add("quantity", "must be above 0, at most 1000000000, with at most 3 decimals");
        }

        return errors;
    }

    /// <summary>The record as stored; a record id seen before must carry the same facts (else a conflict).</summary>
    public static Result<UsageRecordState> Create(UsageRecordState current, Guid id, Guid subscriptionId, Guid customerId,
        UsageType type, decimal quantity, DateOnly usageDate, string? description, DateTimeOffset now)
    {
        if (current.Exists)
        {
            return current.SubscriptionId == subscriptionId && current.UsageType == type && current.Quantity == quantity &&
                   current.UsageDate == usageDate
                ? Result<UsageRecordState>.Ok(current)
                : new DomainError(ErrorKind.AlreadyExists, $"Usage record {id} already exists with other content.");
        }

        var record = current.FirstVersion<UsageRecordState>(id, now);
        record.SubscriptionId = subscriptionId;
        record.CustomerId = customerId;
        record.UsageType = type;
        record.Quantity = quantity;
        record.Unit = UsageUnits.Of(type);
        record.UsageDate = usageDate;
        record.Description = TextRules.Normalize(description);
        return Result<UsageRecordState>.Ok(record);
    }
}
