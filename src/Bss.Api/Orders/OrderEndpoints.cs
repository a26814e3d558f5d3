using Bss.Abstractions.Orders;
using Bss.Api.Http;
using Bss.Domain.Common;
using Bss.Domain.Orders;
using Bss.ReadSide.Lists;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bss.Api.Orders;

public static class OrderEndpoints
{
    public const string BasePath = "/api/v1/orders";

    public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder routes) =>
        routes.MapResource("orders", "Orders", alias: false, group =>
        {
            group.MapPost("/", Create).Produces<OrderResponse>(StatusCodes.Status201Created);
            group.MapGet("/", List).Produces<PageResponse<OrderResponse>>();
            group.MapGet("/stats", Statistics).Produces<StatusStats>();
            group.MapGet("/{id}", Get).Produces<OrderResponse>();
            group.MapPut("/{id}/status", ChangeStatus)
                .Produces<OrderResponse>()
                .Produces<OrderResponse>(StatusCodes.Status202Accepted);
            group.MapPost("/{id}/items", AddItem).Produces<OrderResponse>(StatusCodes.Status201Created)
                .WithDescription("Adds an item to a PENDING order; answers the order (the new item's id is in items[].id).");
            group.MapPut("/{id}/items/{itemId}", ChangeItem).Produces<OrderResponse>()
                .WithDescription("Replaces an item of a PENDING order by the body (an item as in a create); answers the order.");
            group.MapDelete("/{id}/items/{itemId}", RemoveItem).Produces<OrderResponse>()
                .WithDescription("Removes an item of a PENDING order; answers the order (its version changed, so 200, not 204).");
        });

    private static IOrderGrain Order(IGrainFactory grains, Guid id) => grains.GetGrain<IOrderGrain>(id);

    private static Task<IResult> Create(HttpContext http, IGrainFactory grains, CreateOrderRequest request) =>
        Idempotency.CreateAsync(http, request, async (id, fingerprint) =>
        {
            var errors = new FieldErrors();
            var details = request.ToDetails(errors);
            return errors.IsEmpty
                ? EntityHttp.Created(http, await Order(grains, id).CreateOnceAsync(details, fingerprint), $"{BasePath}/{id}", OrderResponse.From, o => o.Version)
                : ApiResponse.Problem(ApiProblem.Validation(http, errors.ToDictionary()));
        });

    /// <summary>The item's id is the one the Idempotency-Key's grain chose, so a retry lands on the same item.</summary>
    private static async Task<IResult> AddItem(HttpContext http, IGrainFactory grains, string id, OrderItemBody request)
    {
        if (EntityHttp.ParseId(http, id, out var orderId) is { } invalid)
        {
            return invalid.ToResult();
        }

        return await Idempotency.RunAsync(http, grains, request, async itemId =>
        {
            var errors = new FieldErrors();
            var item = request.ToItem(errors);
            var (version, fromIfMatch, problem) = EntityHttp.OptionalVersion(http, request.Version);
            if (problem is not null || !errors.IsEmpty)
            {
                return problem ?? ApiResponse.Problem(ApiProblem.Validation(http, errors.ToDictionary()));
            }

            var result = await Order(grains, orderId).AddItemAsync(itemId, item, version);
            return result.IsSuccess
                ? ApiResponse.Created(OrderResponse.From(result.Value), $"{BasePath}/{orderId}", result.Value.Version)
                : ApiResponse.Problem(ApiProblem.From(http, result.Error, fromIfMatch));
        });
    }

    private static async Task<IResult> ChangeItem(HttpContext http, IGrainFactory grains, string id, string itemId, OrderItemBody request)
    {
        var item = Guid.Empty;
        if ((EntityHttp.ParseId(http, id, out var orderId) ?? ParseItemId(http, itemId, out item)) is { } invalid)
        {
            return invalid.ToResult();
        }

        var errors = new FieldErrors();
        var change = request.ToItem(errors);
        var (version, fromIfMatch, problem) = EntityHttp.OptionalVersion(http, request.Version);
        if (problem is not null || !errors.IsEmpty)
        {
            return (problem ?? ApiResponse.Problem(ApiProblem.Validation(http, errors.ToDictionary()))).ToResult();
        }

        return EntityHttp.Answer(http, await Order(grains, orderId).ChangeItemAsync(item, change, version),
            OrderResponse.From, o => o.Version, fromIfMatch).ToResult();
    }

    private static async Task<IResult> RemoveItem(HttpContext http, IGrainFactory grains, string id, string itemId, int? version)
    {
        var item = Guid.Empty;
        if ((EntityHttp.ParseId(http, id, out var orderId) ?? ParseItemId(http, itemId, out item)) is { } invalid)
        {
            return invalid.ToResult();
        }

        var (expected, fromIfMatch, problem) = EntityHttp.OptionalVersion(http, version);
        return (problem ?? EntityHttp.Answer(http, await Order(grains, orderId).RemoveItemAsync(item, expected),
            OrderResponse.From, o => o.Version, fromIfMatch)).ToResult();
    }

    private static ApiResponse? ParseItemId(HttpContext http, string raw, out Guid itemId) =>
        Guid.TryParse(raw, out itemId) ? null : ApiResponse.Problem(ApiProblem.Validation(http, "itemId", "must be a UUID"));

    private static async Task<IResult> Get(HttpContext http, IGrainFactory grains, string id)
    {
        if (EntityHttp.ParseId(http, id, out var orderId) is { } invalid)
        {
            return invalid.ToResult();
        }

        return EntityHttp.Found(http, "Order", orderId, await Order(grains, orderId).GetAsync(), OrderResponse.From, o => o.Version).ToResult();
    }

    private static async Task<IResult> List(HttpContext http, ListService lists)
    {
        var errors = new FieldErrors();
        var search = new OrderSearch(
            Paging.Parse(http, OrderList.Instance.SortFields, errors),
            QueryParameters.Enum<OrderStatus>(http, "status", errors),
            QueryParameters.Enum<OrderType>(http, "type", errors),
            QueryParameters.Id(http, "customerId", errors),
            QueryParameters.SearchTerm(http, errors));
        if (!errors.IsEmpty)
        {
            return ApiResponse.Problem(ApiProblem.Validation(http, errors.ToDictionary())).ToResult();
        }

        return ApiResponse.Ok(Paging.Respond(await lists.SearchAsync(OrderList.Instance, search, http.RequestAborted), OrderResponse.From)).ToResult();
    }

    private static async Task<IResult> Statistics(ListService lists, CancellationToken cancellationToken) =>
        ApiResponse.Ok(Stats.ByStatus<OrderStatus>(await lists.CountByStatusAsync(OrderList.Instance.Kind, cancellationToken))).ToResult();

    /// <summary>
    /// COMPLETED answers 200 with the COMPLETED order, 202 with the order still PROCESSING while a completion step waits
    /// for an unreachable target (it goes on by itself), or 409 naming the steps a target refused.
    /// </summary>
    private static async Task<IResult> ChangeStatus(HttpContext http, IGrainFactory grains, string id, ChangeOrderStatusRequest request)
    {
        if ((EntityHttp.ParseId(http, id, out var orderId) ?? EntityHttp.CheckBodyId(http, request.Id, orderId)) is { } invalid)
        {
            return invalid.ToResult();
        }

        if (!EnumText.TryParse<OrderStatus>(request.Status, out var target))
        {
            return ApiResponse.Problem(ApiProblem.Validation(http, "status",
                request.Status is null ? "is required" : $"must be one of {EnumText.AllowedCodes<OrderStatus>()}")).ToResult();
        }

        var (version, fromIfMatch, problem) = EntityHttp.OptionalVersion(http, request.Version);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        var result = await Order(grains, orderId).ChangeStatusAsync(target, version);
        var answer = EntityHttp.Answer(http, result, OrderResponse.From, o => o.Version, fromIfMatch);
        return (result.IsSuccess && result.Value.Status != target ? answer with { Status = StatusCodes.Status202Accepted } : answer).ToResult();
    }
}
