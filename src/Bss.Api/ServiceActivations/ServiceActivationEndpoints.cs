using Bss.Abstractions.Common;
using Bss.Abstractions.Customers;
using Bss.Abstractions.ServiceActivations;
using Bss.Abstractions.Services;
using Bss.Api.Http;
using Bss.Domain.Common;
using Bss.Domain.ServiceActivations;
using Bss.ReadSide.Lists;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bss.Api.ServiceActivations;

/// <summary>Activations and eligibility, under the services group (<c>/api/v1/services/activations</c> and the alias).</summary>
public static class ServiceActivationEndpoints
{
    public const string BasePath = "/api/v1/services/activations";

    /// <summary>How many activations the unversioned list answers (a plain array, newest first).</summary>
    public const int AliasListLimit = 1000;

    /// <summary>Under the alias the list is a plain array, like the services list there; under v1 it is a page.</summary>
    public static void MapActivations(this RouteGroupBuilder services, bool alias)
    {
        services.MapPost("/activations", Activate).Produces<ServiceActivationResponse>(StatusCodes.Status201Created);
        if (alias)
        {
            services.MapGet("/activations", ListAll).Produces<IReadOnlyList<ServiceActivationResponse>>();
        }
        else
        {
            services.MapGet("/activations", List).Produces<PageResponse<ServiceActivationResponse>>();
        }

        services.MapGet("/activations/{id}", Get).Produces<ServiceActivationResponse>();
        services.MapPost("/activations/{id}/deactivate", Deactivate).Produces<ServiceActivationResponse>();
        services.MapPost("/check-eligibility", CheckEligibility).Produces<EligibilityResponse>();
    }

    private static IServiceActivationGrain Activation(IGrainFactory grains, Guid id) => grains.GetGrain<IServiceActivationGrain>(id);

    private static Task<IResult> Activate(HttpContext http, IGrainFactory grains, ActivateServiceRequest request)
    {
        var errors = new FieldErrors();
        var activation = request.ToRequest(errors);
        if (!errors.IsEmpty)
        {
            return Task.FromResult(ApiResponse.Problem(ApiProblem.Validation(http, errors.ToDictionary())).ToResult());
        }

        return Idempotency.CreateAsync(http, request, async (id, fingerprint) =>
            EntityHttp.Created(http, await Activation(grains, id).CreateOnceAsync(activation, fingerprint),
                $"{BasePath}/{id}", ServiceActivationResponse.From, a => a.Version));
    }

    private static async Task<IResult> Get(HttpContext http, IGrainFactory grains, string id)
    {
        if (EntityHttp.ParseId(http, id, out var activationId) is { } invalid)
        {
            return invalid.ToResult();
        }

        var activation = await Activation(grains, activationId).GetAsync();
        return EntityHttp.Found(http, ServiceActivation.Name, activationId, activation, ServiceActivationResponse.From, a => a.Version)
            .ToResult();
    }

    private static async Task<IResult> List(HttpContext http, ListService lists)
    {
        var errors = new FieldErrors();
        var page = Paging.Parse(http, ServiceActivationList.Instance.SortFields, errors);
        if (Search(http, page, errors) is not { } search)
        {
            return ApiResponse.Problem(ApiProblem.Validation(http, errors.ToDictionary())).ToResult();
        }

        return ApiResponse.Ok(Paging.Respond(await lists.SearchAsync(ServiceActivationList.Instance, search, http.RequestAborted), ServiceActivationResponse.From)).ToResult();
    }

    private static async Task<IResult> ListAll(HttpContext http, ListService lists)
    {
        var errors = new FieldErrors();
        if (Search(http, new PageRequest(0, AliasListLimit, "createdAt", Descending: true), errors) is not { } search)
        {
            return ApiResponse.Problem(ApiProblem.Validation(http, errors.ToDictionary())).ToResult();
        }

        var found = await lists.SearchAsync(ServiceActivationList.Instance, search, http.RequestAborted);
        return ApiResponse.Ok(found.Items.Select(ServiceActivationResponse.From).ToList()).ToResult();
    }

    /// <summary>The list filters (<c>customerId</c>, <c>serviceId</c>, <c>status</c>), or null when one is malformed.</summary>
    private static ServiceActivationSearch? Search(HttpContext http, PageRequest page, FieldErrors errors)
    {
        var search = new ServiceActivationSearch(page,
            QueryParameters.Id(http, "customerId", errors),
            QueryParameters.Id(http, "serviceId", errors),
            QueryParameters.Enum<ActivationStatus>(http, "status", errors));
        return errors.IsEmpty ? search : null;
    }

    private static async Task<IResult> Deactivate(HttpContext http, IGrainFactory grains, string id, DeactivateServiceRequest? request)
    {
        if (EntityHttp.ParseId(http, id, out var activationId) is { } invalid)
        {
            return invalid.ToResult();
        }

        var (version, fromIfMatch, problem) = EntityHttp.OptionalVersion(http, request?.Version);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        var result = await Activation(grains, activationId).DeactivateAsync(request?.ToRequest() ?? new DeactivationRequest(null, null), version);
        return EntityHttp.Answer(http, result, ServiceActivationResponse.From, a => a.Version, fromIfMatch).ToResult();
    }

    private static async Task<IResult> CheckEligibility(HttpContext http, IGrainFactory grains, ListService lists)
    {
        var errors = new FieldErrors();
        var customerId = QueryParameters.Id(http, "customerId", errors);
        var serviceCode = TextRules.Normalize(http.Request.Query["serviceCode"].ToString());
        if (customerId is null && errors.IsEmpty)
        {
            errors.Add("customerId", "is required");
        }

        if (serviceCode is null)
        {
            errors.Add("serviceCode", "is required");
        }

        if (!errors.IsEmpty)
        {
            return ApiResponse.Problem(ApiProblem.Validation(http, errors.ToDictionary())).ToResult();
        }

        var reasons = await EligibilityReasonsAsync(grains, lists, customerId!.Value, serviceCode!, http.RequestAborted);
        return ApiResponse.Ok(new EligibilityResponse(reasons.Count == 0, reasons)).ToResult();
    }

    /// <summary>Every reason the customer may not get the service with this code now (none: eligible).</summary>
    private static async Task<IReadOnlyList<string>> EligibilityReasonsAsync(
        IGrainFactory grains, ListService lists, Guid customerId, string serviceCode, CancellationToken cancellationToken)
    {
        var byCode = await lists.PageAsync(ServiceList.Instance.ByCode(serviceCode), ServiceList.Instance.Read, cancellationToken);
        var serviceId = byCode.Items.Count == 0 ? (Guid?)null : byCode.Items[0].Id;
        var customerTask = grains.GetGrain<ICustomerGrain>(customerId).GetAsync();
        var serviceTask = serviceId is { } id ? grains.GetGrain<IServiceGrain>(id).GetAsync() : Task.FromResult<ServiceView?>(null);
        var openTask = serviceId is { } sid
            ? lists.AnyAsync(ServiceActivationList.Instance.Open(customerId, sid), cancellationToken)
            : Task.FromResult(false);
        var (customer, service, open) = (await customerTask, await serviceTask, await openTask);

        return ServiceActivation.Reasons(new EligibilityFacts(customerId, customer?.Status, serviceCode, service?.Status,
            service?.ActiveCustomerCount ?? 0, service?.MaxCustomerCount, open));
    }
}
