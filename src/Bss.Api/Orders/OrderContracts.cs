using Bss.Api.Http;
using Bss.Domain.Common;
using Bss.Domain.Orders;

namespace Bss.Api.Orders;

/// <summary>
/// POST body: the frontend's create form (a header: no items; they are added with POST /{id}/items) or a header with
/// items. Absent: orderNumber (generated ORD-…), orderType (NEW), status (PENDING, the only one a new order takes),
/// priority (NORMAL), currency (the first product's, else PLN), requestedDate (today); per item quantity (1), unitPrice
/// (the product's price), action (the order type's). totalAmount is what a header-only order shows until it has items.
/// </summary>
public sealed record CreateOrderRequest(
    string? OrderNumber,
    string? CustomerId,
    string? OrderType,
    string? Status,
    string? Priority,
    decimal? TotalAmount,
    string? Currency,
    DateOnly? RequestedDate,
    DateOnly? PromisedDate,
    string? OrderChannel,
    string? SalesRepId,
    string? SalesRepName,
    string? Notes,
    IReadOnlyList<OrderItemBody?>? Items)
{
    public OrderDetails ToDetails(FieldErrors errors) => new(
        OrderNumber,
        QueryParameters.Id(CustomerId, "customerId", errors),
        QueryParameters.Enum<OrderType>(OrderType, "orderType", errors),
        QueryParameters.Enum<OrderPriority>(Priority, "priority", errors),
        Currency, RequestedDate, PromisedDate, OrderChannel, SalesRepId, SalesRepName, Notes,
        (Items ?? []).Select((item, i) => ItemOf(item, $"items[{i}].", errors)).ToList(),
        TotalAmount,
        QueryParameters.Enum<OrderStatus>(Status, "status", errors));

    /// <summary>One item; <paramref name="at"/> prefixes its fields in errors ("items[0]." in a create, nothing on its own).</summary>
    internal static OrderItemRequest ItemOf(OrderItemBody? item, string at, FieldErrors errors) => item is null
        ? new OrderItemRequest(null, null, null, null, null, null, null)
        : new OrderItemRequest(
            QueryParameters.Id(item.ProductId, $"{at}productId", errors),
            item.Quantity,
            item.UnitPrice,
            QueryParameters.Enum<ItemAction>(item.Action, $"{at}action", errors),
            QueryParameters.Id(item.ServiceId, $"{at}serviceId", errors),
            QueryParameters.Id(item.AssetId, $"{at}assetId", errors),
            QueryParameters.Id(item.SimCardId, $"{at}simCardId", errors));
}

/// <summary>
/// An item of a POST body, and the body of POST /{id}/items and PUT /{id}/items/{itemId}; serviceId, assetId and
/// simCardId (extra) name what completing it activates and assigns. <c>version</c> is the order's, optional, and read
/// only by the item routes (or If-Match).
/// </summary>
public sealed record OrderItemBody(
    string? ProductId,
    int? Quantity,
    decimal? UnitPrice,
    string? Action,
    string? ServiceId,
    string? AssetId,
    string? SimCardId,
    int? Version = null)
{
    public OrderItemRequest ToItem(FieldErrors errors) => CreateOrderRequest.ItemOf(this, "", errors);
}

/// <summary>PUT /{id}/status body.</summary>
public sealed record ChangeOrderStatusRequest(string? Id, string? Status, int? Version);

public sealed record OrderResponse(
    Guid Id,
    string OrderNumber,
    Guid CustomerId,
    string CustomerName,
    string OrderType,
    string OrderTypeDisplayName,
    string Status,
    string StatusDisplayName,
    string Priority,
    string PriorityDisplayName,
    [property: NullableInContract] decimal? TotalAmount,
    string Currency,
    DateOnly? RequestedDate,
    DateOnly? PromisedDate,
    DateOnly? CompletedDate,
    string? OrderChannel,
    string? SalesRepId,
    string? SalesRepName,
    string? Notes,
    bool IsPending,
    bool IsCompleted,
    bool CanBeCancelled,
    int ItemCount,
    IReadOnlyList<OrderItemResponse> Items,
    CompletionResponse? Completion,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version)
{
    public static OrderResponse From(OrderState s) => new(
        s.Id, s.OrderNumber, s.CustomerId, s.CustomerName,
        EnumText.Code(s.OrderType), EnumText.Display(s.OrderType),
        EnumText.Code(s.Status), EnumText.Display(s.Status),
        EnumText.Code(s.Priority), EnumText.Display(s.Priority),
        s.TotalAmount, s.Currency, s.RequestedDate, s.PromisedDate, s.CompletedDate, s.OrderChannel, s.SalesRepId,
        s.SalesRepName, s.Notes, Order.IsPending(s), Order.IsCompleted(s), Order.CanBeCancelled(s), s.Items.Count,
        s.Items.Select(OrderItemResponse.From).ToList(),
        s.Completion is null ? null : CompletionResponse.From(s.Completion),
        s.CreatedAt, s.UpdatedAt, s.Version);
}

public sealed record OrderItemResponse(
    Guid Id,
    Guid ProductId,
    int Quantity,
    decimal UnitPrice,
    decimal LineTotal,
    string Action,
    string ActionDisplayName,
    string ProductType,
    string ProductTypeDisplayName,
    Guid? ServiceId,
    Guid? AssetId,
    Guid? SimCardId)
{
    public static OrderItemResponse From(OrderItem i) => new(
        i.Id, i.ProductId, i.Quantity, i.UnitPrice, i.LineTotal, EnumText.Code(i.Action), EnumText.Display(i.Action),
        EnumText.Code(i.ProductType), EnumText.Display(i.ProductType), i.ServiceId, i.AssetId, i.SimCardId);
}

/// <summary>(extra) Where completing the order stands, step by step.</summary>
public sealed record CompletionResponse(
    string State,
    string StateDisplayName,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<CompletionStepResponse> Steps)
{
    public static CompletionResponse From(CompletionPlan plan) => new(
        EnumText.Code(plan.State), EnumText.Display(plan.State), plan.StartedAt, plan.FinishedAt,
        plan.Steps.Select(s => new CompletionStepResponse(s.Item, EnumText.Code(s.Effect), EnumText.Display(s.Effect), s.TargetId,
            EnumText.Code(s.Status), EnumText.Display(s.Status), s.Error, s.Attempts)).ToList());
}

public sealed record CompletionStepResponse(
    int Item,
    string Effect,
    string EffectDisplayName,
    Guid TargetId,
    string Status,
    string StatusDisplayName,
    string? Error,
    int Attempts);
