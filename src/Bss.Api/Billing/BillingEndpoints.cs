using Bss.Abstractions.Billing;
using Bss.Abstractions.Customers;
using Bss.Abstractions.Subscriptions;
using Bss.Api.Http;
using Bss.Api.Limits;
using Bss.Api.Security;
using Bss.Domain.Billing;
using Bss.Domain.Common;
using Bss.ReadSide.Lists;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bss.Api.Billing;

/// <summary>
/// Billing: cycles (bill every account due on a date, across the cluster), usage records, and each customer's
/// billing account (cycle day, payment terms, credit, dunning).
/// </summary>
public static class BillingEndpoints
{
    public const string BasePath = "/api/v1/billing";

    public static IEndpointRouteBuilder MapBilling(this IEndpointRouteBuilder routes) =>
        routes.MapResource("billing", "Billing", alias: true, group =>
        {
            group.MapPost("/cycles", CreateCycle).Produces<BillingCycleResponse>(StatusCodes.Status201Created)
                .WithRequestTimeout(LimitsExtensions.BillingTimeout);
            group.MapGet("/cycles", ListCycles).Produces<PageResponse<BillingCycleResponse>>();
            group.MapGet("/cycles/pending", PendingCycles).Produces<PageResponse<BillingCycleResponse>>();
            group.MapGet("/cycles/{id}", GetCycle).Produces<BillingCycleResponse>();
            group.MapPost("/cycles/{id}/process", ProcessCycle).Produces<BillingCycleResponse>(StatusCodes.Status202Accepted)
                .WithRequestTimeout(LimitsExtensions.BillingTimeout);
            group.MapPost("/usage-records", RecordUsage).Produces<UsageRecordResponse>(StatusCodes.Status201Created)
                .Produces<UsageRecordResponse>();
            group.MapGet("/usage-records", ListUsage).Produces<PageResponse<UsageRecordResponse>>();
            group.MapGet("/accounts/{customerId}", GetAccount).Produces<BillingAccountResponse>();
            group.MapPut("/accounts/{customerId}", UpdateAccount).Produces<BillingAccountResponse>();
            group.MapPost("/accounts/{customerId}/run", RunAccount).Produces<BillingRunResponse>()
                .WithRequestTimeout(LimitsExtensions.BillingTimeout);
        });

    private static IBillingCycleGrain Cycle(IGrainFactory grains, Guid id) => grains.GetGrain<IBillingCycleGrain>(id);

    private static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private static Task<IResult> CreateCycle(HttpContext http, IGrainFactory grains, TimeProvider time, CreateBillingCycleRequest? request)
    {
        var errors = new FieldErrors();
        BillingDateWindow.Check(http, request?.CycleDate, "cycleDate", errors);
        if (!errors.IsEmpty)
        {
            return Task.FromResult(ApiResponse.Problem(ApiProblem.Validation(http, errors.ToDictionary())).ToResult());
        }

        return Idempotency.RunAsync(http, grains, request, async id =>
        {
            var cycle = Cycle(grains, id);
            var created = await cycle.CreateAsync(request?.CycleDate ?? Today(time), http.User.ActorName());
            if (created.IsSuccess && request?.Process == true)
            {
                created = await cycle.ProcessAsync();
            }

            return EntityHttp.Created(http, created, $"{BasePath}/cycles/{id}", BillingCycleResponse.From, c => c.State.Version);
        });
    }

    private static Task<IResult> ListCycles(HttpContext http, ListService lists)
    {
        var errors = new FieldErrors();
        var status = QueryParameters.Enum<BillingCycleStatus>(http, "status", errors);
        return SearchCycles(http, lists, errors, status is { } s ? [s] : []);
    }

    /// <summary>Cycles not through yet: PENDING (not started), GENERATED (running) and FAILED (to retry).</summary>
    private static Task<IResult> PendingCycles(HttpContext http, ListService lists) =>
        SearchCycles(http, lists, new FieldErrors(), [BillingCycleStatus.Pending, BillingCycleStatus.Generated, BillingCycleStatus.Failed]);

    private static async Task<IResult> SearchCycles(HttpContext http, ListService lists, FieldErrors errors, IReadOnlyList<BillingCycleStatus> statuses)
    {
        var page = Paging.Parse(http, BillingCycleList.Instance.SortFields, errors);
        if (!errors.IsEmpty)
        {
            return ApiResponse.Problem(ApiProblem.Validation(http, errors.ToDictionary())).ToResult();
        }

        var found = await lists.SearchAsync(BillingCycleList.Instance, new BillingCycleSearch(page, statuses), http.RequestAborted);
        return ApiResponse.Ok(Paging.Respond(found, s => BillingCycleResponse.From(BillingCycleView.From(s)))).ToResult();
    }

    private static async Task<IResult> GetCycle(HttpContext http, IGrainFactory grains, string id)
    {
        if (EntityHttp.ParseId(http, id, out var cycleId) is { } invalid)
        {
            return invalid.ToResult();
        }

        return EntityHttp.Found(http, "Billing cycle", cycleId, await Cycle(grains, cycleId).GetAsync(),
            BillingCycleResponse.From, c => c.State.Version).ToResult();
    }

    /// <summary>Starts (or resumes, or retries) the cycle; it runs on in the cluster, so the answer is 202 with its progress.</summary>
    private static async Task<IResult> ProcessCycle(HttpContext http, IGrainFactory grains, string id)
    {
        if (EntityHttp.ParseId(http, id, out var cycleId) is { } invalid)
        {
            return invalid.ToResult();
        }

        var answer = EntityHttp.Answer(http, await Cycle(grains, cycleId).ProcessAsync(), BillingCycleResponse.From, c => c.State.Version, false);
        return (answer.IsSuccess ? answer with { Status = StatusCodes.Status202Accepted, Location = $"{BasePath}/cycles/{cycleId}" } : answer)
            .ToResult();
    }

    private static Task<IResult> RecordUsage(HttpContext http, IGrainFactory grains, TimeProvider time, CreateUsageRecordRequest request) =>
        Idempotency.RunAsync(http, grains, request, async ticketId =>
        {
            var errors = new FieldErrors().AddAll(UsageRecord.Validate(request.Quantity, request.Description));
            if (request.SubscriptionId is null)
            {
                errors.Add("subscriptionId", "is required");
            }

            var type = QueryParameters.Enum<UsageType>(request.UsageType, "usageType", errors);
            if (request.UsageType is null)
            {
                errors.Add("usageType", "is required");
            }
            if (!errors.IsEmpty)
            {
                return ApiResponse.Problem(ApiProblem.Validation(http, errors.ToDictionary()));
            }

            var id = request.Id ?? ticketId;
            var existed = await grains.GetGrain<IUsageRecordGrain>(id).GetAsync() is not null;
            var subscription = await grains.GetGrain<ISubscriptionGrain>(request.SubscriptionId!.Value).GetAsync();
            if (subscription is null)
            {
                return ApiResponse.Problem(ApiProblem.Validation(http, "subscriptionId", $"no subscription {request.SubscriptionId}"));
            }

            var details = new UsageRecordDetails(id, subscription.Id, subscription.CustomerId, type!.Value, request.Quantity!.Value,
                request.UsageDate ?? Today(time), request.Description);
            var result = await grains.GetGrain<IBillingAccountGrain>(subscription.CustomerId).RecordUsageAsync(details);
            return existed
                ? EntityHttp.Answer(http, result, UsageRecordResponse.From, r => r.Version, false)
                : EntityHttp.Created(http, result, $"{BasePath}/usage-records?subscriptionId={subscription.Id}", UsageRecordResponse.From, r => r.Version);
        });

    private static async Task<IResult> ListUsage(HttpContext http, ListService lists)
    {
        var errors = new FieldErrors();
        var search = new UsageRecordSearch(
            Paging.Parse(http, UsageRecordList.Instance.SortFields, errors),
            QueryParameters.Id(http, "customerId", errors),
            QueryParameters.Id(http, "subscriptionId", errors),
            QueryParameters.Enum<UsageType>(http, "usageType", errors),
            QueryParameters.Date(http, "from", errors),
            QueryParameters.Date(http, "to", errors));
        if (!errors.IsEmpty)
        {
            return ApiResponse.Problem(ApiProblem.Validation(http, errors.ToDictionary())).ToResult();
        }

        var found = await lists.SearchAsync(UsageRecordList.Instance, search, http.RequestAborted);
        return ApiResponse.Ok(Paging.Respond(found, UsageRecordResponse.From)).ToResult();
    }

    private static async Task<IResult> GetAccount(HttpContext http, IGrainFactory grains, string customerId)
    {
        if (await CustomerAsync(http, grains, customerId) is var (id, problem) && problem is not null)
        {
            return problem.ToResult();
        }

        var account = await grains.GetGrain<IBillingAccountGrain>(id).GetAsync();
        return ApiResponse.Ok(BillingAccountResponse.From(account), account.Version).ToResult();
    }

    private static async Task<IResult> UpdateAccount(HttpContext http, IGrainFactory grains, string customerId, UpdateBillingAccountRequest request)
    {
        if (await CustomerAsync(http, grains, customerId) is var (id, problem) && problem is not null)
        {
            return problem.ToResult();
        }

        var (version, fromIfMatch, invalid) = EntityHttp.OptionalVersion(http, request.Version);
        if (invalid is not null)
        {
            return invalid.ToResult();
        }

        var result = await grains.GetGrain<IBillingAccountGrain>(id)
            .UpdateSettingsAsync(new BillingSettings(request.BillCycleDay, request.PaymentTerms, request.Currency), version);
        return EntityHttp.Answer(http, result, BillingAccountResponse.From, a => a.Version, fromIfMatch).ToResult();
    }

    /// <summary>Bills one account as of a date (default today) now, as its cycle would: for operators and support.</summary>
    private static async Task<IResult> RunAccount(HttpContext http, IGrainFactory grains, TimeProvider time, string customerId)
    {
        var errors = new FieldErrors();
        var date = QueryParameters.Date(http, "date", errors);
        BillingDateWindow.Check(http, date, "date", errors);
        if (await CustomerAsync(http, grains, customerId) is var (id, problem) && problem is not null)
        {
            return problem.ToResult();
        }

        if (!errors.IsEmpty)
        {
            return ApiResponse.Problem(ApiProblem.Validation(http, errors.ToDictionary())).ToResult();
        }

        var result = await grains.GetGrain<IBillingAccountGrain>(id).BillAsync(date ?? Today(time));
        return (result.IsSuccess
            ? ApiResponse.Ok(BillingRunResponse.From(result.Value))
            : ApiResponse.Problem(ApiProblem.From(http, result.Error))).ToResult();
    }

    /// <summary>The customer an account route names: its id, or the problem (400 malformed, 404 no such customer).</summary>
    private static async Task<(Guid Id, ApiResponse? Problem)> CustomerAsync(HttpContext http, IGrainFactory grains, string raw)
    {
        if (!Guid.TryParse(raw, out var id))
        {
            return (id, ApiResponse.Problem(ApiProblem.Validation(http, "customerId", "must be a UUID")));
        }

        return await grains.GetGrain<ICustomerGrain>(id).GetAsync() is null
            ? (id, EntityHttp.NotFound(http, "Customer", id))
            : (id, null);
    }
}
