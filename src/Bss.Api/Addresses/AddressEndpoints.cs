using Bss.Abstractions.Addresses;
using Bss.Api.Http;
using Bss.Domain.Addresses;
using Bss.Domain.Common;
using Bss.ReadSide.Lists;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bss.Api.Addresses;

public static class AddressEndpoints
{
    public const string BasePath = "/api/v1/addresses";

    public static IEndpointRouteBuilder MapAddresses(this IEndpointRouteBuilder routes) =>
        routes.MapResource("addresses", "Addresses", alias: true, group =>
        {
            group.MapPost("/", Create).Produces<AddressResponse>(StatusCodes.Status201Created);
            group.MapGet("/", List).Produces<PageResponse<AddressResponse>>();
            group.MapGet("/stats", Statistics).Produces<StatusStats>();
            group.MapGet("/customer/{customerId}", ForCustomer).Produces<List<AddressResponse>>();
            group.MapGet("/{id}", Get).Produces<AddressResponse>();
            group.MapPut("/{id}", Update).Produces<AddressResponse>();
            group.MapPatch("/{id}/status", ChangeStatus).Produces<AddressResponse>();
            group.MapDelete("/{id}", Delete).Produces(StatusCodes.Status204NoContent);
        });

    private static IAddressGrain Address(IGrainFactory grains, Guid id) => grains.GetGrain<IAddressGrain>(id);

    private static ApiResponse Invalid(HttpContext http, FieldErrors errors) =>
        ApiResponse.Problem(ApiProblem.Validation(http, errors.ToDictionary()));

    private static Task<IResult> Create(HttpContext http, IGrainFactory grains, CreateAddressRequest request) =>
        Idempotency.CreateAsync(http, request, async (id, fingerprint) =>
        {
            var errors = new FieldErrors();
            var details = request.ToDetails(errors);
            return errors.IsEmpty
                ? EntityHttp.Created(http, await Address(grains, id).CreateOnceAsync(details, fingerprint),
                    $"{BasePath}/{id}", AddressResponse.From, a => a.Version)
                : Invalid(http, errors);
        });

    private static async Task<IResult> Get(HttpContext http, IGrainFactory grains, string id)
    {
        if (EntityHttp.ParseId(http, id, out var addressId) is { } invalid)
        {
            return invalid.ToResult();
        }

        var address = await Address(grains, addressId).GetAsync();
        return EntityHttp.Found(http, "Address", addressId, address, AddressResponse.From, a => a.Version).ToResult();
    }

    private static async Task<IResult> List(HttpContext http, ListService lists)
    {
        var errors = new FieldErrors();
        var page = Paging.Parse(http, AddressList.Instance.SortFields, errors);
        var search = new AddressSearch(
            page,
            QueryParameters.Id(http, "customerId", errors),
            QueryParameters.Enum<AddressType>(http, "type", errors),
            QueryParameters.Enum<AddressStatus>(http, "status", errors),
            QueryParameters.Enum<Country>(http, "country", errors),
            QueryParameters.SearchTerm(http, errors));
        if (!errors.IsEmpty)
        {
            return Invalid(http, errors).ToResult();
        }

        var found = await lists.SearchAsync(AddressList.Instance, search, http.RequestAborted);
        return ApiResponse.Ok(Paging.Respond(found, AddressResponse.From)).ToResult();
    }

    /// <summary>
    /// All addresses of one customer as a plain array (oldest first): the frontend's customer page shows them all,
    /// a customer has a handful, and the paged form is <c>GET /?customerId=</c>. An unknown customer has none.
    /// </summary>
    private static async Task<IResult> ForCustomer(HttpContext http, ListService lists, string customerId)
    {
        if (!Guid.TryParse(customerId, out var id))
        {
            return ApiResponse.Problem(ApiProblem.Validation(http, "customerId", "must be a UUID")).ToResult();
        }

        var addresses = await lists.SearchAsync(AddressList.Instance, AddressSearch.ForCustomer(id), http.RequestAborted);
        return ApiResponse.Ok(addresses.Items.Select(AddressResponse.From).ToList()).ToResult();
    }

    private static async Task<IResult> Statistics(ListService lists, CancellationToken cancellationToken) =>
        ApiResponse.Ok(Stats.ByStatus<AddressStatus>(await lists.CountByStatusAsync(AddressList.Instance.Kind, cancellationToken))).ToResult();

    private static async Task<IResult> Update(HttpContext http, IGrainFactory grains, string id, UpdateAddressRequest request)
    {
        if ((EntityHttp.ParseId(http, id, out var addressId) ?? EntityHttp.CheckBodyId(http, request.Id, addressId)) is { } invalid)
        {
            return invalid.ToResult();
        }

        var (version, fromIfMatch, problem) = EntityHttp.RequiredVersion(http, request.Version);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        var errors = new FieldErrors();
        var details = request.ToDetails(errors);
        if (!errors.IsEmpty)
        {
            return Invalid(http, errors).ToResult();
        }

        var result = await Address(grains, addressId).UpdateDetailsAsync(details, version);
        return EntityHttp.Answer(http, result, AddressResponse.From, a => a.Version, fromIfMatch).ToResult();
    }

    private static async Task<IResult> ChangeStatus(HttpContext http, IGrainFactory grains, string id, ChangeAddressStatusRequest request) =>
        (await EntityHttp.ChangeStatusAsync<AddressStatus, AddressView, AddressResponse>(http, id, request.Id, request.Status, request.Version,
            (entityId, target, version) => Address(grains, entityId).ChangeStatusAsync(target, version),
            AddressResponse.From, v => v.Version)).ToResult();

    private static async Task<IResult> Delete(HttpContext http, IGrainFactory grains, string id, int? version) =>
        (await EntityHttp.DeleteAsync(http, id, version, (entityId, expected) => Address(grains, entityId).DeleteAsync(expected))).ToResult();
}
