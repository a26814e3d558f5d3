using Bss.Abstractions.Common;
using Bss.Abstractions.Services;
using Bss.Api.Http;
using Bss.Api.ServiceActivations;
using Bss.Domain.Common;
using Bss.Domain.Services;
using Bss.ReadSide.Lists;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bss.Api.Services;

public static class ServiceEndpoints
{
    public const string BasePath = "/api/v1/services";
    public const string AliasPath = "/api/services";

    /// <summary>How many services the unversioned list answers (a plain array, ordered by name).</summary>
    public const int AliasListLimit = 1000;

    /// <summary>
    /// The same routes (with activations and eligibility) under <c>/api/v1/services</c> and <c>/api/services</c>,
    /// except the lists: paged under v1, a plain array under the alias (the frontend's services store reads arrays).
    /// </summary>
    public static IEndpointRouteBuilder MapServices(this IEndpointRouteBuilder routes)
    {
        routes.MapResource("services", "Services", alias: false, group =>
        {
            MapCommon(group);
            group.MapActivations(alias: false);
            group.MapGet("/", List).Produces<PageResponse<ServiceResponse>>();
        });

        var alias = routes.MapGroup(AliasPath).WithTags("Services").ExcludeFromDescription();
        MapCommon(alias);
        alias.MapActivations(alias: true);
        alias.MapGet("/", ListAll).Produces<IReadOnlyList<ServiceResponse>>();
        return routes;
    }

    private static void MapCommon(RouteGroupBuilder group)
    {
        group.MapPost("/", Create).Produces<ServiceResponse>(StatusCodes.Status201Created);
        group.MapGet("/statistics", Statistics).Produces<ServiceStatisticsResponse>();
        group.MapGet("/stats", StatusCounts).Produces<StatusStats>();
        group.MapGet("/{id}", Get).Produces<ServiceResponse>();
        group.MapPut("/{id}", Update).Produces<ServiceResponse>();
        group.MapPut("/{id}/status", ChangeStatus).Produces<ServiceResponse>();
        group.MapDelete("/{id}", Delete).Produces(StatusCodes.Status204NoContent);
    }

    private static IServiceGrain Service(IGrainFactory grains, Guid id) => grains.GetGrain<IServiceGrain>(id);

    private static Task<IResult> Create(HttpContext http, IGrainFactory grains, ServiceRequest request)
    {
        if (ReadDetails(http, request, out var details) is { } invalid)
        {
            return Task.FromResult(invalid.ToResult());
        }

        return Idempotency.CreateAsync(http, request, async (id, fingerprint) =>
            EntityHttp.Created(http, await Service(grains, id).CreateOnceAsync(details, fingerprint),
                $"{BasePath}/{id}", ServiceResponse.From, s => s.Version));
    }

    private static async Task<IResult> Get(HttpContext http, IGrainFactory grains, string id)
    {
        if (EntityHttp.ParseId(http, id, out var serviceId) is { } invalid)
        {
            return invalid.ToResult();
        }

        var service = await Service(grains, serviceId).GetAsync();
        return EntityHttp.Found(http, ServiceDefinition.Name, serviceId, service, ServiceResponse.From, s => s.Version).ToResult();
    }

    private static async Task<IResult> List(HttpContext http, ListService lists)
    {
        var errors = new FieldErrors();
        var page = Paging.Parse(http, ServiceList.Instance.SortFields, errors);
        var query = http.Request.Query;
        var search = new ServiceSearch(
            page,
            ServiceRequest.Parse(ServiceCodes.Status, "status", query["status"], errors),
            ServiceRequest.Parse(ServiceCodes.Type, "type", query["type"], errors),
            ServiceRequest.Parse(ServiceCodes.Category, "category", query["category"], errors),
            ServiceRequest.Parse(ServiceCodes.Technology, "technology", query["technology"], errors),
            QueryParameters.SearchTerm(http, errors));
        if (!errors.IsEmpty)
        {
            return ApiResponse.Problem(ApiProblem.Validation(http, errors.ToDictionary())).ToResult();
        }

        return ApiResponse.Ok(Paging.Respond(await lists.SearchAsync(ServiceList.Instance, search, http.RequestAborted), ServiceResponse.From)).ToResult();
    }

    private static async Task<IResult> ListAll(ListService lists, CancellationToken cancellationToken)
    {
        var byName = ServiceList.Instance.Query(new PageRequest(0, AliasListLimit, "name", Descending: false));
        var found = await lists.PageAsync(byName, ServiceList.Instance.Read, cancellationToken);
        return ApiResponse.Ok(found.Items.Select(ServiceResponse.From).ToList()).ToResult();
    }

    private static async Task<IResult> Statistics(ListService lists, CancellationToken cancellationToken) =>
        ApiResponse.Ok(ServiceStatisticsResponse.From(await lists.ServiceStatisticsAsync(cancellationToken))).ToResult();

    private static async Task<IResult> StatusCounts(ListService lists, CancellationToken cancellationToken) =>
        ApiResponse.Ok(Stats.ByStatus<ServiceStatus>(await lists.CountByStatusAsync(ServiceList.Instance.Kind, cancellationToken))).ToResult();

    private static async Task<IResult> Update(HttpContext http, IGrainFactory grains, string id, ServiceRequest request)
    {
        if ((EntityHttp.ParseId(http, id, out var serviceId) ?? EntityHttp.CheckBodyId(http, request.Id, serviceId)) is { } invalid)
        {
            return invalid.ToResult();
        }

        if (ReadDetails(http, request with { Status = null }, out var details) is { } invalidDetails)
        {
            return invalidDetails.ToResult();
        }

        var (version, fromIfMatch, problem) = EntityHttp.RequiredVersion(http, request.Version);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        var result = await Service(grains, serviceId).UpdateDetailsAsync(details, version);
        return EntityHttp.Answer(http, result, ServiceResponse.From, s => s.Version, fromIfMatch).ToResult();
    }

    private static async Task<IResult> ChangeStatus(HttpContext http, IGrainFactory grains, string id, ChangeServiceStatusRequest request) =>
        (await EntityHttp.ChangeStatusAsync<ServiceStatus, ServiceView, ServiceResponse>(http, id, request.Id, request.Status, request.Version,
            (entityId, target, version) => Service(grains, entityId).ChangeStatusAsync(target, version),
            ServiceResponse.From, v => v.Version)).ToResult();

    private static async Task<IResult> Delete(HttpContext http, IGrainFactory grains, string id, int? version) =>
        (await EntityHttp.DeleteAsync(http, id, version, (entityId, expected) => Service(grains, entityId).DeleteAsync(expected))).ToResult();

    /// <summary>
    /// Parses the body's enum codes; when one is unknown, answers 400 with those fields and every other field the
    /// rules would refuse, so the client sees all problems at once.
    /// </summary>
    private static ApiResponse? ReadDetails(HttpContext http, ServiceRequest request, out ServiceDetails details)
    {
        var errors = new FieldErrors();
        details = request.ToDetails(errors);
        if (errors.IsEmpty)
        {
            return null;
        }

        var all = errors.ToDictionary();
        foreach (var (field, reasons) in ServiceDefinition.Validate(ServiceDefinition.Normalize(details)).ToDictionary())
        {
            all.TryAdd(field, reasons);
        }

        return ApiResponse.Problem(ApiProblem.Validation(http, all));
    }
}
