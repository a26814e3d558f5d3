using Bss.Abstractions.Products;
using Bss.Api.Http;
using Bss.Api.Security;
using Bss.Domain.Common;
using Bss.Domain.Products;
using Bss.ReadSide.Lists;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bss.Api.Products;

public static class ProductEndpoints
{
    public const string BasePath = "/api/v1/products";

    public static IEndpointRouteBuilder MapProducts(this IEndpointRouteBuilder routes) =>
        routes.MapResource("products", "Products", alias: true, group =>
        {
            group.MapPost("/", Create).Produces<ProductResponse>(StatusCodes.Status201Created);
            group.MapGet("/", List).Produces<PageResponse<ProductResponse>>();
            group.MapGet("/stats", Statistics).Produces<StatusStats>();
            group.MapGet("/{id}", Get).Produces<ProductResponse>();
            group.MapPut("/{id}", Update).Produces<ProductResponse>();
            group.MapPut("/{id}/status", ChangeStatus).Produces<ProductResponse>();
            group.MapDelete("/{id}", Delete).Produces(StatusCodes.Status204NoContent);
        });

    private static IProductGrain Product(IGrainFactory grains, Guid id) => grains.GetGrain<IProductGrain>(id);

    private static Task<IResult> Create(HttpContext http, IGrainFactory grains, ProductRequest request) =>
        Idempotency.CreateAsync(http, request, async (id, fingerprint) =>
        {
            var errors = new FieldErrors();
            var details = request.ToDetails(http.User.ActorName(), errors);
            return errors.IsEmpty
                ? EntityHttp.Created(http, await Product(grains, id).CreateOnceAsync(details, fingerprint),
                    $"{BasePath}/{id}", ProductResponse.From, p => p.Version)
                : ApiResponse.Problem(ApiProblem.Validation(http, errors.ToDictionary()));
        });

    private static async Task<IResult> Get(HttpContext http, IGrainFactory grains, string id)
    {
        if (EntityHttp.ParseId(http, id, out var productId) is { } invalid)
        {
            return invalid.ToResult();
        }

        var product = await Product(grains, productId).GetAsync();
        return EntityHttp.Found(http, "Product", productId, product, ProductResponse.From, p => p.Version).ToResult();
    }

    private static async Task<IResult> List(HttpContext http, ListService lists)
    {
        var errors = new FieldErrors();
        var page = Paging.Parse(http, ProductList.Instance.SortFields, errors);
        var status = QueryParameters.Enum<ProductStatus>(http, "status", errors);
        var type = QueryParameters.Enum<ProductType>(http, "type", errors);
        var category = QueryParameters.Enum<ProductCategory>(http, "category", errors);
        var searchTerm = QueryParameters.SearchTerm(http, errors);
        if (!errors.IsEmpty)
        {
            return ApiResponse.Problem(ApiProblem.Validation(http, errors.ToDictionary())).ToResult();
        }

        var found = await lists.SearchAsync(ProductList.Instance, new ProductSearch(page, status, type, category, searchTerm), http.RequestAborted);
        return ApiResponse.Ok(Paging.Respond(found, ProductResponse.From)).ToResult();
    }

    private static async Task<IResult> Statistics(ListService lists, CancellationToken cancellationToken) =>
        ApiResponse.Ok(Stats.ByStatus<ProductStatus>(await lists.CountByStatusAsync(ProductList.Instance.Kind, cancellationToken))).ToResult();

    private static async Task<IResult> Update(HttpContext http, IGrainFactory grains, string id, ProductRequest request)
    {
        if ((EntityHttp.ParseId(http, id, out var productId) ?? EntityHttp.CheckBodyId(http, request.Id, productId)) is { } invalid)
        {
            return invalid.ToResult();
        }

        var (version, fromIfMatch, problem) = EntityHttp.RequiredVersion(http, request.Version);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        var errors = new FieldErrors();
        var details = request.ToDetails(http.User.ActorName(), errors);
        if (!errors.IsEmpty)
        {
            return ApiResponse.Problem(ApiProblem.Validation(http, errors.ToDictionary())).ToResult();
        }

        var result = await Product(grains, productId).UpdateDetailsAsync(details, version);
        return EntityHttp.Answer(http, result, ProductResponse.From, p => p.Version, fromIfMatch).ToResult();
    }

    private static async Task<IResult> ChangeStatus(HttpContext http, IGrainFactory grains, string id, ChangeProductStatusRequest request) =>
        (await EntityHttp.ChangeStatusAsync<ProductStatus, ProductView, ProductResponse>(http, id, request.Id, request.Status, request.Version,
            (entityId, target, version) => Product(grains, entityId).ChangeStatusAsync(target, version),
            ProductResponse.From, v => v.Version)).ToResult();

    private static async Task<IResult> Delete(HttpContext http, IGrainFactory grains, string id, int? version) =>
        (await EntityHttp.DeleteAsync(http, id, version, (entityId, expected) => Product(grains, entityId).DeleteAsync(expected))).ToResult();
}
