using Bss.Domain.Common;
using Bss.Domain.Products;

namespace Bss.Domain.Orders;

public enum OrderType
{
    New,
    Upgrade,
    Downgrade,
    Cancel,
    Renew,
}

public enum OrderStatus
{
    Pending,
    Confirmed,
    Processing,
    Completed,
    Cancelled,
}

public enum OrderPriority
{
    Low,
    Normal,
    High,
    Urgent,
}

/// <summary>What an item does; the same words as the order type, since an order may mix them.</summary>
public enum ItemAction
{
    New,
    Upgrade,
    Downgrade,
    Cancel,
    Renew,
}

/// <summary>Where a completion stands: steps running (or waiting for a retry), stopped at a refusal, or all done.</summary>
public enum CompletionState
{
    InProgress,
    Failed,
    Done,
}

/// <summary>The effect of one step of a completion on another grain.</summary>
public enum CompletionEffect
{
    Subscription,
    ServiceActivation,
    AssetAssignment,
    SimCardAssignment,
    OneTimeCharge,
}

public enum StepStatus
{
    Pending,
    Succeeded,
    Failed,
}

/// <summary>
/// An order as its grain persists it. <c>customerId</c> fills the documents table's customer column;
/// <c>orderNumber</c> is unique there and <c>orderType</c> filtered (dev/postgres/001-orleans-storage.sql, 010-read-model.sql), so rename with care.
/// </summary>
[GenerateSerializer]
public sealed class OrderState : EntityState
{
    [Id(0)] public string OrderNumber { get; set; } = "";
    [Id(1)] public Guid CustomerId { get; set; }
    [Id(2)] public string CustomerName { get; set; } = "";
    [Id(3)] public OrderType OrderType { get; set; }
    [Id(4)] public OrderStatus Status { get; set; }
    [Id(5)] public OrderPriority Priority { get; set; }
    /// <summary>Σ of the items' line totals; without items, the total the create request declared (or none).</summary>
    [Id(6)] public decimal? TotalAmount { get; set; }
    [Id(7)] public string Currency { get; set; } = Money.DefaultCurrency;
    [Id(8)] public DateOnly? RequestedDate { get; set; }
    [Id(9)] public DateOnly? PromisedDate { get; set; }
    [Id(10)] public DateOnly? CompletedDate { get; set; }
    [Id(11)] public string? OrderChannel { get; set; }
    [Id(12)] public string? SalesRepId { get; set; }
    [Id(13)] public string? SalesRepName { get; set; }
    [Id(14)] public string? Notes { get; set; }
    [Id(15)] public IReadOnlyList<OrderItem> Items { get; set; } = [];

    /// <summary>Absent until the order is asked to complete; then the plan and each step's outcome.</summary>
    [Id(16)] public CompletionPlan? Completion { get; set; }

    /// <summary>The total the create request declared: what a header-only order shows until it has items.</summary>
    [Id(17)] public decimal? DeclaredTotal { get; set; }
}

/// <summary>
/// One line of an order. The product's type and billing period are copied at ordering time: they decide what
/// completing the line creates, and the completion plan must not depend on later catalog edits.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record OrderItem(
    [property: Id(0)] Guid ProductId,
    [property: Id(1)] int Quantity,
    [property: Id(2)] decimal UnitPrice,
    [property: Id(3)] ItemAction Action,
    [property: Id(4)] ProductType ProductType,
    [property: Id(5)] BillingPeriod BillingPeriod,
    [property: Id(6)] Guid? ServiceId,
    [property: Id(7)] Guid? AssetId,
    [property: Id(8)] Guid? SimCardId,
    [property: Id(9)] Guid Id = default)
{
    public decimal LineTotal => Money.Round(Quantity * UnitPrice);
}

/// <summary>The steps a completion runs, fixed (with their target ids) before the first one runs.</summary>
[GenerateSerializer, Immutable]
public sealed record CompletionPlan(
    [property: Id(0)] CompletionState State,
    [property: Id(1)] IReadOnlyList<CompletionStep> Steps,
    [property: Id(2)] DateTimeOffset StartedAt,
    [property: Id(3)] DateTimeOffset? FinishedAt);

/// <summary>
/// One effect of one item on one target grain. The target id is chosen when the plan is made, so running the step
/// again reaches the same grain, whose command is idempotent for the same request.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CompletionStep(
    [property: Id(0)] int Item,
    [property: Id(1)] CompletionEffect Effect,
    [property: Id(2)] Guid TargetId,
    [property: Id(3)] StepStatus Status,
    [property: Id(4)] string? Error,
    [property: Id(5)] int Attempts);

/// <summary>What a POST supplies (raw, before defaults from the customer and the products).</summary>
[GenerateSerializer, Immutable]
public sealed record OrderDetails(
    [property: Id(0)] string? OrderNumber,
    [property: Id(1)] Guid? CustomerId,
    [property: Id(2)] OrderType? OrderType,
    [property: Id(3)] OrderPriority? Priority,
    [property: Id(4)] string? Currency,
    [property: Id(5)] DateOnly? RequestedDate,
    [property: Id(6)] DateOnly? PromisedDate,
    [property: Id(7)] string? OrderChannel,
    [property: Id(8)] string? SalesRepId,
    [property: Id(9)] string? SalesRepName,
    [property: Id(10)] string? Notes,
    [property: Id(11)] IReadOnlyList<OrderItemRequest> Items,
    [property: Id(12)] decimal? TotalAmount = null,
    [property: Id(13)] OrderStatus? Status = null);

[GenerateSerializer, Immutable]
public sealed record OrderItemRequest(
    [property: Id(0)] Guid? ProductId,
    [property: Id(1)] int? Quantity,
    [property: Id(2)] decimal? UnitPrice,
    [property: Id(3)] ItemAction? Action,
    [property: Id(4)] Guid? ServiceId,
    [property: Id(5)] Guid? AssetId,
    [property: Id(6)] Guid? SimCardId);

/// <summary>The customer and products an order names, as their grains answered (null: no such entity).</summary>
[GenerateSerializer, Immutable]
public sealed record OrderParties(
    [property: Id(0)] OrderCustomer? Customer,
    [property: Id(1)] Dictionary<Guid, OrderProduct> Products);

[GenerateSerializer, Immutable]
public sealed record OrderCustomer(
    [property: Id(0)] string Name,
    [property: Id(1)] Customers.CustomerStatus Status);

[GenerateSerializer, Immutable]
public sealed record OrderProduct(
    [property: Id(0)] ProductStatus Status,
    [property: Id(1)] ProductType ProductType,
    [property: Id(2)] decimal Price,
    [property: Id(3)] string Currency,
    [property: Id(4)] BillingPeriod BillingPeriod);
