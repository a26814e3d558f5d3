using Bss.Abstractions.Customers;
using Bss.Api.Http;
using Bss.Domain.Common;
using Bss.Domain.Customers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bss.Api.Customers;

public static class CustomerEndpoints
{
    public const string BasePath = "/api/v1/customers";

    public static IEndpointRouteBuilder MapCustomers(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(BasePath).WithTags("Customers");
        group.MapPost("/", Create).Produces<CustomerResponse>(StatusCodes.Status201Created).WithName("CreateCustomer");
        group.MapGet("/", List).Produces<PageResponse<CustomerResponse>>().WithName("ListCustomers");
        group.MapGet("/{id}", Get).Produces<CustomerResponse>().WithName("GetCustomer");
        group.MapPut("/{id}", Update).Produces<CustomerResponse>().WithName("UpdateCustomer");
        group.MapPut("/{id}/status", ChangeStatus).Produces<CustomerResponse>().WithName("ChangeCustomerStatus");
        group.MapDelete("/{id}", Delete).Produces(StatusCodes.Status204NoContent).WithName("DeleteCustomer");
        return routes;
    }

    private static Task<IResult> Create(HttpContext http, IGrainFactory grains, CreateCustomerRequest request) =>
        Idempotency.RunAsync(http, grains, request, async id =>
        {
            var result = await grains.GetGrain<ICustomerGrain>(id).RegisterAsync(request.ToDetails());
            return result.IsSuccess
                ? ApiResponse.Created(CustomerResponse.From(result.Value), $"{BasePath}/{id}", result.Value.Version)
                : ApiResponse.Problem(ApiProblem.From(http, result.Error));
        });

    private static async Task<IResult> Get(HttpContext http, IGrainFactory grains, string id)
    {
        if (ParseId(http, id, out var customerId) is { } invalid)
        {
            return invalid.ToResult();
        }

        var customer = await grains.GetGrain<ICustomerGrain>(customerId).GetAsync();
        return customer is null
            ? NotFound(http, customerId).ToResult()
            : ApiResponse.Ok(CustomerResponse.From(customer), customer.Version).ToResult();
    }

    private static async Task<IResult> List(HttpContext http, IGrainFactory grains, string? status, string? searchTerm)
    {
        var errors = new FieldErrors();
        var page = Paging.Parse(http, CustomerSortFields.All, errors);
        CustomerStatus? statusFilter = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (EnumText.TryParse<CustomerStatus>(status, out var parsed))
            {
                statusFilter = parsed;
            }
            else
            {
                errors.Add("status", $"must be one of {EnumText.AllowedCodes<CustomerStatus>()}");
            }
        }

        if (searchTerm?.Length > 100)
        {
            errors.Add("searchTerm", "must be at most 100 characters");
        }

        if (!errors.IsEmpty)
        {
            return ApiResponse.Problem(ApiProblem.Validation(http, errors.ToDictionary())).ToResult();
        }

        var found = await grains.GetGrain<ICustomerQueryGrain>(0).SearchAsync(new CustomerSearch(page, statusFilter, searchTerm));
        return ApiResponse.Ok(Paging.Respond(found, CustomerResponse.From)).ToResult();
    }

    private static async Task<IResult> Update(HttpContext http, IGrainFactory grains, string id, UpdateCustomerRequest request)
    {
        if ((ParseId(http, id, out var customerId) ?? CheckBodyId(http, request.Id, customerId)) is { } invalid)
        {
            return invalid.ToResult();
        }

        var expected = Concurrency.Read(http, request.Version);
        if (expected.Problem is not null)
        {
            return ApiResponse.Problem(expected.Problem).ToResult();
        }

        if (expected.Version is not { } version)
        {
            return ApiResponse.Problem(ApiProblem.Validation(http, "version",
                "is required: send the version you read (or an If-Match header with the ETag)")).ToResult();
        }

        var result = await grains.GetGrain<ICustomerGrain>(customerId).UpdateDetailsAsync(request.ToDetails(), version);
        return Answer(http, result, expected.FromIfMatch).ToResult();
    }

    private static async Task<IResult> ChangeStatus(HttpContext http, IGrainFactory grains, string id, ChangeCustomerStatusRequest request)
    {
        if ((ParseId(http, id, out var customerId) ?? CheckBodyId(http, request.Id, customerId)) is { } invalid)
        {
            return invalid.ToResult();
        }

        if (!EnumText.TryParse<CustomerStatus>(request.Status, out var target))
        {
            return ApiResponse.Problem(ApiProblem.Validation(http, "status",
                request.Status is null ? "is required" : $"must be one of {EnumText.AllowedCodes<CustomerStatus>()}")).ToResult();
        }

        var expected = Concurrency.Read(http, request.Version);
        if (expected.Problem is not null)
        {
            return ApiResponse.Problem(expected.Problem).ToResult();
        }

        var result = await grains.GetGrain<ICustomerGrain>(customerId).ChangeStatusAsync(target, expected.Version);
        return Answer(http, result, expected.FromIfMatch).ToResult();
    }

    private static async Task<IResult> Delete(HttpContext http, IGrainFactory grains, string id, int? version)
    {
        if (ParseId(http, id, out var customerId) is { } invalid)
        {
            return invalid.ToResult();
        }

        var expected = Concurrency.Read(http, version);
        if (expected.Problem is not null)
        {
            return ApiResponse.Problem(expected.Problem).ToResult();
        }

        var result = await grains.GetGrain<ICustomerGrain>(customerId).DeleteAsync(expected.Version);
        return (result.IsSuccess ? ApiResponse.NoContent() : ApiResponse.Problem(ApiProblem.From(http, result.Error, expected.FromIfMatch))).ToResult();
    }

    private static ApiResponse Answer(HttpContext http, Result<CustomerView> result, bool fromIfMatch) =>
        result.IsSuccess
            ? ApiResponse.Ok(CustomerResponse.From(result.Value), result.Value.Version)
            : ApiResponse.Problem(ApiProblem.From(http, result.Error, fromIfMatch));

    private static ApiResponse? ParseId(HttpContext http, string raw, out Guid id) =>
        Guid.TryParse(raw, out id) ? null : ApiResponse.Problem(ApiProblem.Validation(http, "id", "must be a UUID"));

    private static ApiResponse? CheckBodyId(HttpContext http, string? bodyId, Guid routeId) =>
        string.IsNullOrWhiteSpace(bodyId) || (Guid.TryParse(bodyId, out var parsed) && parsed == routeId)
            ? null
            : ApiResponse.Problem(ApiProblem.Validation(http, "id", "must match the id in the path"));

    private static ApiResponse NotFound(HttpContext http, Guid id) =>
        ApiResponse.Problem(ApiProblem.Create(http, StatusCodes.Status404NotFound, "NOT_FOUND", "Not found", $"Customer {id} was not found."));
}
