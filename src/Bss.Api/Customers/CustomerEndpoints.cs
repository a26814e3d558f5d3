using Bss.Abstractions.Customers;
using Bss.Api.Http;
using Bss.Api.Security;
using Bss.Domain.Common;
using Bss.Domain.Customers;
using Bss.ReadSide.Lists;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bss.Api.Customers;

public static class CustomerEndpoints
{
    public const string BasePath = "/api/v1/customers";

    public static IEndpointRouteBuilder MapCustomers(this IEndpointRouteBuilder routes) =>
        routes.MapResource("customers", "Customers", alias: false, group =>
        {
            group.MapPost("/", Create).Produces<CustomerResponse>(StatusCodes.Status201Created);
            group.MapGet("/", List).Produces<PageResponse<CustomerResponse>>();
            group.MapGet("/stats", Statistics).Produces<StatusStats>();
            group.MapGet("/{id}", Get).Produces<CustomerResponse>();
            group.MapPut("/{id}", Update).Produces<CustomerResponse>();
            group.MapPut("/{id}/status", ChangeStatus).Produces<CustomerResponse>();
            group.MapDelete("/{id}", Delete).Produces(StatusCodes.Status204NoContent);
        });

    private static ICustomerGrain Customer(IGrainFactory grains, Guid id) => grains.GetGrain<ICustomerGrain>(id);

    private static Task<IResult> Create(HttpContext http, IGrainFactory grains, CreateCustomerRequest request) =>
        Idempotency.CreateAsync(http, request, async (id, fingerprint) =>
            EntityHttp.Created(http, await Customer(grains, id).CreateOnceAsync(request.ToDetails(), fingerprint),
                $"{BasePath}/{id}", CustomerResponse.For(http), c => c.Version));

    private static async Task<IResult> Get(HttpContext http, IGrainFactory grains, string id)
    {
        if (EntityHttp.ParseId(http, id, out var customerId) is { } invalid)
        {
            return invalid.ToResult();
        }

        var customer = await Customer(grains, customerId).GetAsync();
        return EntityHttp.Found(http, "Customer", customerId, customer, CustomerResponse.For(http), c => c.Version).ToResult();
    }

    private static async Task<IResult> List(HttpContext http, ListService lists)
    {
        var errors = new FieldErrors();
        var page = Paging.Parse(http, CustomerList.Instance.SortFields, errors);
        var status = QueryParameters.Enum<CustomerStatus>(http, "status", errors);
        var searchTerm = QueryParameters.SearchTerm(http, errors);
        if (!errors.IsEmpty)
        {
            return ApiResponse.Problem(ApiProblem.Validation(http, errors.ToDictionary())).ToResult();
        }

        // Below OPERATOR a search matches names only: PESEL, NIP and e-mail are not search keys for readers.
        var found = await lists.SearchAsync(CustomerList.Instance,
            new CustomerSearch(page, status, searchTerm, SearchNamesOnly: !PersonalData.Visible(http)), http.RequestAborted);
        return ApiResponse.Ok(Paging.Respond(found, CustomerResponse.For(http))).ToResult();
    }

    private static async Task<IResult> Statistics(ListService lists, CancellationToken cancellationToken) =>
        ApiResponse.Ok(Stats.ByStatus<CustomerStatus>(await lists.CountByStatusAsync(CustomerList.Instance.Kind, cancellationToken))).ToResult();

    private static async Task<IResult> Update(HttpContext http, IGrainFactory grains, string id, UpdateCustomerRequest request)
    {
        if ((EntityHttp.ParseId(http, id, out var customerId) ?? EntityHttp.CheckBodyId(http, request.Id, customerId)) is { } invalid)
        {
            return invalid.ToResult();
        }

        var (version, fromIfMatch, problem) = EntityHttp.RequiredVersion(http, request.Version);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        var result = await Customer(grains, customerId).UpdateDetailsAsync(request.ToDetails(), version);
        return EntityHttp.Answer(http, result, CustomerResponse.For(http), c => c.Version, fromIfMatch).ToResult();
    }

    private static async Task<IResult> ChangeStatus(HttpContext http, IGrainFactory grains, string id, ChangeCustomerStatusRequest request) =>
        (await EntityHttp.ChangeStatusAsync<CustomerStatus, CustomerView, CustomerResponse>(http, id, request.Id, request.Status, request.Version,
            (customerId, target, version) => Customer(grains, customerId).ChangeStatusAsync(target, version),
            CustomerResponse.For(http), c => c.Version)).ToResult();

    private static async Task<IResult> Delete(HttpContext http, IGrainFactory grains, string id, int? version) =>
        (await EntityHttp.DeleteAsync(http, id, version, (customerId, expected) => Customer(grains, customerId).DeleteAsync(expected))).ToResult();
}
