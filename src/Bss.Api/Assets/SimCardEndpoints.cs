using Bss.Abstractions.Assets;
using Bss.Api.Http;
using Bss.Domain.Assets;
using Bss.Domain.Common;
using Bss.ReadSide.Lists;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bss.Api.Assets;

/// <summary>
/// SIM cards under <c>/api/v1/assets/sim-cards</c> (alias <c>/api/assets/sim-cards</c>). Beyond the contract's
/// routes: PUT /{id} (details and usage), PUT /{id}/status (the status machine) and POST /{id}/release, the
/// counterpart of assign, as for devices.
/// </summary>
public static class SimCardEndpoints
{
    public const string BasePath = "/api/v1/assets/sim-cards";
    private const string What = "SIM card";

    public static IEndpointRouteBuilder MapSimCards(this IEndpointRouteBuilder routes) =>
        routes.MapResource("assets/sim-cards", "SIM cards", alias: true, group =>
        {
            group.MapPost("/", Create).Produces<SimCardResponse>(StatusCodes.Status201Created);
            group.MapGet("/", List).Produces<PageResponse<SimCardResponse>>();
            group.MapGet("/stats", Statistics).Produces<StatusStats>();
            group.MapGet("/available", Available).Produces<PageResponse<SimCardResponse>>();
            group.MapGet("/by-customer/{customerId}", ByCustomer).Produces<PageResponse<SimCardResponse>>();
            group.MapGet("/expiring", Expiring).Produces<PageResponse<SimCardResponse>>();
            group.MapGet("/{id}", Get).Produces<SimCardResponse>();
            group.MapPut("/{id}", Update).Produces<SimCardResponse>();
            group.MapPut("/{id}/status", ChangeStatus).Produces<SimCardResponse>();
            group.MapPost("/{id}/assign", Assign).Produces<SimCardResponse>();
            group.MapPost("/{id}/release", Release).Produces<SimCardResponse>();
        });

    private static ISimCardGrain Sim(IGrainFactory grains, Guid id) => grains.GetGrain<ISimCardGrain>(id);

    private static Task<IResult> Create(HttpContext http, IGrainFactory grains, SimCardRequest request) =>
        Idempotency.CreateAsync(http, request, async (id, fingerprint) =>
            EntityHttp.Created(http, await Sim(grains, id).CreateOnceAsync(request.ToDetails(), fingerprint),
                $"{BasePath}/{id}", SimCardResponse.From, s => s.Version));

    private static Task<IResult> Get(HttpContext http, IGrainFactory grains, string id) =>
        AssetHttp.GetAsync(http, What, id, entityId => Sim(grains, entityId).GetAsync(), SimCardResponse.From, v => v.Version);

    private static Task<IResult> List(HttpContext http, ListService lists) => SearchAsync(http, lists, null, null);

    private static Task<IResult> Available(HttpContext http, ListService lists) =>
        SearchAsync(http, lists, SimCardStatus.Available, null);

    private static async Task<IResult> ByCustomer(HttpContext http, ListService lists, string customerId)
    {
        if (AssetHttp.ParseCustomerId(http, customerId, out var holder) is { } invalid)
        {
            return invalid.ToResult();
        }

        return await SearchAsync(http, lists, null, holder);
    }

    /// <summary>The SIM card list; <c>/available</c> fixes the status, <c>/by-customer</c> the holder.</summary>
    private static async Task<IResult> SearchAsync(HttpContext http, ListService lists, SimCardStatus? fixedStatus, Guid? customerId)
    {
        var errors = new FieldErrors();
        var page = Paging.Parse(http, SimCardList.Instance.SortFields, errors);
        var status = fixedStatus ?? QueryParameters.Enum<SimCardStatus>(http, "status", errors);
        var searchTerm = QueryParameters.SearchTerm(http, errors);
        if (!errors.IsEmpty)
        {
            return AssetHttp.Invalid(http, errors);
        }

        var found = await lists.SearchAsync(SimCardList.Instance, new SimCardSearch(page, status, searchTerm, customerId), http.RequestAborted);
        return ApiResponse.Ok(Paging.Respond(found, SimCardResponse.From)).ToResult();
    }

    private static async Task<IResult> Expiring(HttpContext http, ListService lists, TimeProvider time)
    {
        var errors = new FieldErrors();
        var window = AssetHttp.ExpiryWindow(http, SimCardList.Instance.SortFields, "expiryDate", time, errors);
        if (!errors.IsEmpty)
        {
            return AssetHttp.Invalid(http, errors);
        }

        var found = await lists.PageAsync(SimCardList.Instance.Expiring(window), SimCardList.Instance.Read, http.RequestAborted);
        return ApiResponse.Ok(Paging.Respond(found, SimCardResponse.From)).ToResult();
    }

    private static async Task<IResult> Statistics(ListService lists, CancellationToken cancellationToken) =>
        ApiResponse.Ok(Stats.ByStatus<SimCardStatus>(await lists.CountByStatusAsync(SimCardList.Instance.Kind, cancellationToken))).ToResult();

    private static Task<IResult> Update(HttpContext http, IGrainFactory grains, string id, SimCardRequest request) =>
        AssetHttp.UpdateAsync(http, id, request.Id, request.Version,
            (entityId, version) => Sim(grains, entityId).UpdateDetailsAsync(request.ToDetails(), version), SimCardResponse.From, v => v.Version);

    private static Task<IResult> ChangeStatus(HttpContext http, IGrainFactory grains, string id, ChangeAssetStatusRequest request) =>
        AssetHttp.ChangeStatusAsync<SimCardStatus, SimCardView, SimCardResponse>(http, id, request,
            (entityId, target, version) => Sim(grains, entityId).ChangeStatusAsync(target, version), SimCardResponse.From, v => v.Version);

    private static Task<IResult> Assign(HttpContext http, IGrainFactory grains, string id, AssignSimCardRequest request) =>
        AssetHttp.AssignAsync(http, grains, id, request, request.CustomerId,
            (entityId, customerId) => Sim(grains, entityId).AssignToCustomerAsync(customerId), SimCardResponse.From, v => v.Version);

    private static Task<IResult> Release(HttpContext http, IGrainFactory grains, string id, int? version) =>
        AssetHttp.ReleaseAsync(http, grains, id, version,
            (entityId, expected) => Sim(grains, entityId).ReleaseAsync(expected), SimCardResponse.From, v => v.Version);
}
