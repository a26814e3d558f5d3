using Bss.Abstractions.Assets;
using Bss.Api.Http;
using Bss.Domain.Assets;
using Bss.Domain.Common;
using Bss.ReadSide.Lists;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bss.Api.Assets;

/// <summary>Devices under <c>/api/v1/assets</c> (alias <c>/api/assets</c>).</summary>
public static class AssetEndpoints
{
    public const string BasePath = "/api/v1/assets";
    private const string What = "Asset";

    public static IEndpointRouteBuilder MapAssets(this IEndpointRouteBuilder routes) =>
        routes.MapResource("assets", "Assets", alias: true, group =>
        {
            group.MapPost("/", Create).Produces<AssetResponse>(StatusCodes.Status201Created);
            group.MapGet("/", List).Produces<PageResponse<AssetResponse>>();
            group.MapGet("/stats", Statistics).Produces<StatusStats>();
            group.MapGet("/available", Available).Produces<PageResponse<AssetResponse>>();
            group.MapGet("/by-customer/{customerId}", ByCustomer).Produces<PageResponse<AssetResponse>>();
            group.MapGet("/warranty-expiring", WarrantyExpiring).Produces<PageResponse<AssetResponse>>();
            group.MapGet("/{id}", Get).Produces<AssetResponse>();
            group.MapPut("/{id}", Update).Produces<AssetResponse>();
            group.MapPut("/{id}/status", ChangeStatus).Produces<AssetResponse>();
            group.MapPost("/{id}/assign", Assign).Produces<AssetResponse>();
            group.MapPost("/{id}/release", Release).Produces<AssetResponse>();
        });

    private static IAssetGrain Asset(IGrainFactory grains, Guid id) => grains.GetGrain<IAssetGrain>(id);

    private static Task<IResult> Create(HttpContext http, IGrainFactory grains, AssetRequest request) =>
        Idempotency.CreateAsync(http, request, async (id, fingerprint) =>
            EntityHttp.Created(http, await Asset(grains, id).CreateOnceAsync(request.ToDetails(), fingerprint),
                $"{BasePath}/{id}", AssetResponse.From, a => a.Version));

    private static Task<IResult> Get(HttpContext http, IGrainFactory grains, string id) =>
        AssetHttp.GetAsync(http, What, id, entityId => Asset(grains, entityId).GetAsync(), AssetResponse.From, v => v.Version);

    private static Task<IResult> List(HttpContext http, ListService lists) => SearchAsync(http, lists, null, null);

    private static Task<IResult> Available(HttpContext http, ListService lists) =>
        SearchAsync(http, lists, AssetStatus.Available, null);

    private static async Task<IResult> ByCustomer(HttpContext http, ListService lists, string customerId)
    {
        if (AssetHttp.ParseCustomerId(http, customerId, out var holder) is { } invalid)
        {
            return invalid.ToResult();
        }

        return await SearchAsync(http, lists, null, holder);
    }

    /// <summary>The device list; <c>/available</c> fixes the status, <c>/by-customer</c> the holder.</summary>
    private static async Task<IResult> SearchAsync(HttpContext http, ListService lists, AssetStatus? fixedStatus, Guid? customerId)
    {
        var errors = new FieldErrors();
        var page = Paging.Parse(http, AssetList.Instance.SortFields, errors);
        var status = fixedStatus ?? QueryParameters.Enum<AssetStatus>(http, "status", errors);
        var type = QueryParameters.Enum<AssetType>(http, "type", errors) ?? QueryParameters.Enum<AssetType>(http, "assetType", errors);
        var searchTerm = QueryParameters.SearchTerm(http, errors);
        if (!errors.IsEmpty)
        {
            return AssetHttp.Invalid(http, errors);
        }

        var found = await lists.SearchAsync(AssetList.Instance, new AssetSearch(page, status, type, searchTerm, customerId), http.RequestAborted);
        return ApiResponse.Ok(Paging.Respond(found, AssetResponse.From)).ToResult();
    }

    private static async Task<IResult> WarrantyExpiring(HttpContext http, ListService lists, TimeProvider time)
    {
        var errors = new FieldErrors();
        var window = AssetHttp.ExpiryWindow(http, AssetList.Instance.SortFields, "warrantyExpiry", time, errors);
        if (!errors.IsEmpty)
        {
            return AssetHttp.Invalid(http, errors);
        }

        var found = await lists.PageAsync(AssetList.Instance.WarrantyExpiring(window), AssetList.Instance.Read, http.RequestAborted);
        return ApiResponse.Ok(Paging.Respond(found, AssetResponse.From)).ToResult();
    }

    private static async Task<IResult> Statistics(ListService lists, CancellationToken cancellationToken) =>
        ApiResponse.Ok(Stats.ByStatus<AssetStatus>(await lists.CountByStatusAsync(AssetList.Instance.Kind, cancellationToken))).ToResult();

    private static Task<IResult> Update(HttpContext http, IGrainFactory grains, string id, AssetRequest request) =>
        AssetHttp.UpdateAsync(http, id, request.Id, request.Version,
            (entityId, version) => Asset(grains, entityId).UpdateDetailsAsync(request.ToDetails(), version), AssetResponse.From, v => v.Version);

    private static Task<IResult> ChangeStatus(HttpContext http, IGrainFactory grains, string id, ChangeAssetStatusRequest request) =>
        AssetHttp.ChangeStatusAsync<AssetStatus, AssetView, AssetResponse>(http, id, request,
            (entityId, target, version) => Asset(grains, entityId).ChangeStatusAsync(target, version), AssetResponse.From, v => v.Version);

    private static Task<IResult> Assign(HttpContext http, IGrainFactory grains, string id, AssignAssetRequest request) =>
        AssetHttp.AssignAsync(http, grains, id, request, request.CustomerId,
            (entityId, customerId) => Asset(grains, entityId).AssignToCustomerAsync(customerId, request.Location), AssetResponse.From, v => v.Version);

    private static Task<IResult> Release(HttpContext http, IGrainFactory grains, string id, int? version) =>
        AssetHttp.ReleaseAsync(http, grains, id, version,
            (entityId, expected) => Asset(grains, entityId).ReleaseAsync(expected), AssetResponse.From, v => v.Version);
}
