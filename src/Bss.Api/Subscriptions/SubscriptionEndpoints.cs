using Bss.Abstractions.Subscriptions;
using Bss.Api.Http;
using Bss.Domain.Common;
using Bss.Domain.Subscriptions;
using Bss.ReadSide.Lists;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bss.Api.Subscriptions;

public static class SubscriptionEndpoints
{
    public const string BasePath = "/api/v1/subscriptions";

    public static IEndpointRouteBuilder MapSubscriptions(this IEndpointRouteBuilder routes) =>
        routes.MapResource("subscriptions", "Subscriptions", alias: true, group =>
        {
            group.MapPost("/", Create).Produces<SubscriptionResponse>(StatusCodes.Status201Created);
            group.MapGet("/", List).Produces<PageResponse<SubscriptionResponse>>();
            group.MapGet("/stats", Statistics).Produces<StatusStats>();
            group.MapGet("/{id}", Get).Produces<SubscriptionResponse>();
            group.MapPut("/{id}", Update).Produces<SubscriptionResponse>();
            group.MapPut("/{id}/status", ChangeStatus).Produces<SubscriptionResponse>();
            group.MapPut("/{id}/renew", Renew).Produces<SubscriptionResponse>();
            group.MapPost("/{id}/change-plan", ChangePlan).Produces<SubscriptionResponse>();
        });

    private static ISubscriptionGrain Subscription(IGrainFactory grains, Guid id) => grains.GetGrain<ISubscriptionGrain>(id);

    private static Task<IResult> Create(HttpContext http, IGrainFactory grains, SubscriptionRequest request) =>
        Idempotency.CreateAsync(http, request, async (id, fingerprint) =>
        {
            var errors = new FieldErrors();
            var details = request.ToDetails(errors);
            return errors.IsEmpty
                ? EntityHttp.Created(http, await Subscription(grains, id).CreateOnceAsync(details, fingerprint),
                    $"{BasePath}/{id}", SubscriptionResponse.From, s => s.Version)
                : ApiResponse.Problem(ApiProblem.Validation(http, errors.ToDictionary()));
        });

    private static async Task<IResult> Get(HttpContext http, IGrainFactory grains, string id)
    {
        if (EntityHttp.ParseId(http, id, out var subscriptionId) is { } invalid)
        {
            return invalid.ToResult();
        }

        var subscription = await Subscription(grains, subscriptionId).GetAsync();
        return EntityHttp.Found(http, "Subscription", subscriptionId, subscription, SubscriptionResponse.From, s => s.Version).ToResult();
    }

    private static async Task<IResult> List(HttpContext http, ListService lists)
    {
        var errors = new FieldErrors();
        var page = Paging.Parse(http, SubscriptionList.Instance.SortFields, errors);
        var status = QueryParameters.Enum<SubscriptionStatus>(http, "status", errors);
        var customerId = QueryParameters.Id(http, "customerId", errors);
        var productId = QueryParameters.Id(http, "productId", errors);
        var searchTerm = QueryParameters.SearchTerm(http, errors);
        if (!errors.IsEmpty)
        {
            return ApiResponse.Problem(ApiProblem.Validation(http, errors.ToDictionary())).ToResult();
        }

        var found = await lists.SearchAsync(SubscriptionList.Instance, new SubscriptionSearch(page, status, customerId, productId, searchTerm), http.RequestAborted);
        return ApiResponse.Ok(Paging.Respond(found, SubscriptionResponse.From)).ToResult();
    }

    private static async Task<IResult> Statistics(ListService lists, CancellationToken cancellationToken) =>
        ApiResponse.Ok(Stats.ByStatus<SubscriptionStatus>(await lists.CountByStatusAsync(SubscriptionList.Instance.Kind, cancellationToken))).ToResult();

    private static async Task<IResult> Update(HttpContext http, IGrainFactory grains, string id, SubscriptionRequest request)
    {
        if ((EntityHttp.ParseId(http, id, out var subscriptionId) ?? EntityHttp.CheckBodyId(http, request.Id, subscriptionId)) is { } invalid)
        {
            return invalid.ToResult();
        }

        var (version, fromIfMatch, problem) = EntityHttp.RequiredVersion(http, request.Version);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        var errors = new FieldErrors();
        var changes = request.ToDetails(errors);
        if (!errors.IsEmpty)
        {
            return ApiResponse.Problem(ApiProblem.Validation(http, errors.ToDictionary())).ToResult();
        }

        var result = await Subscription(grains, subscriptionId).UpdateTermsAsync(changes, version);
        return EntityHttp.Answer(http, result, SubscriptionResponse.From, s => s.Version, fromIfMatch).ToResult();
    }

    private static async Task<IResult> ChangeStatus(HttpContext http, IGrainFactory grains, string id, ChangeSubscriptionStatusRequest request) =>
        (await EntityHttp.ChangeStatusAsync<SubscriptionStatus, SubscriptionView, SubscriptionResponse>(http, id, request.Id, request.Status, request.Version,
            (entityId, target, version) => Subscription(grains, entityId).ChangeStatusAsync(target, version),
            SubscriptionResponse.From, v => v.Version)).ToResult();

    private static async Task<IResult> Renew(HttpContext http, IGrainFactory grains, string id, RenewSubscriptionRequest? request)
    {
        if (EntityHttp.ParseCommand(http, id, request?.Id, request?.Version, out var subscriptionId, out var version, out var fromIfMatch) is { } invalid)
        {
            return invalid.ToResult();
        }

        var result = await Subscription(grains, subscriptionId).RenewAsync(version);
        return EntityHttp.Answer(http, result, SubscriptionResponse.From, s => s.Version, fromIfMatch).ToResult();
    }

    private static async Task<IResult> ChangePlan(HttpContext http, IGrainFactory grains, string id, ChangePlanRequest request)
    {
        if (EntityHttp.ParseCommand(http, id, request.Id, request.Version, out var subscriptionId, out var version, out var fromIfMatch) is { } invalid)
        {
            return invalid.ToResult();
        }

        var errors = new FieldErrors();
        var change = request.ToChange(errors);
        if (!errors.IsEmpty)
        {
            return ApiResponse.Problem(ApiProblem.Validation(http, errors.ToDictionary())).ToResult();
        }

        return await Idempotency.RunAsync(http, grains, request, async _ =>
            EntityHttp.Answer(http, await Subscription(grains, subscriptionId).ChangePlanAsync(change, version),
                SubscriptionResponse.From, s => s.Version, fromIfMatch));
    }
}
