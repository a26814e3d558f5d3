using Bss.Abstractions.Payments;
using Bss.Api.Http;
using Bss.Api.Security;
using Bss.Domain.Common;
using Bss.Domain.Payments;
using Bss.ReadSide.Lists;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bss.Api.Payments;

public static class PaymentEndpoints
{
    public const string BasePath = "/api/v1/payments";

    public static IEndpointRouteBuilder MapPayments(this IEndpointRouteBuilder routes) =>
        routes.MapResource("payments", "Payments", alias: false, group =>
        {
            group.MapPost("/", Create).Produces<PaymentResponse>(StatusCodes.Status201Created);
            group.MapGet("/", List).Produces<PageResponse<PaymentResponse>>();
            group.MapGet("/stats", Statistics).Produces<StatusStats>();
            group.MapGet("/{id}", Get).Produces<PaymentResponse>();
            group.MapPut("/{id}/status", ChangeStatus).Produces<PaymentResponse>();
        });

    private static IPaymentGrain Payment(IGrainFactory grains, Guid id) => grains.GetGrain<IPaymentGrain>(id);

    private static Task<IResult> Create(HttpContext http, IGrainFactory grains, CreatePaymentRequest request) =>
        Idempotency.RunAsync(http, grains, request, async id =>
        {
            var details = ToDetails(request);
            if (!details.IsSuccess)
            {
                return ApiResponse.Problem(ApiProblem.From(http, details.Error));
            }

            var result = await Payment(grains, id).RecordAsync(details.Value);
            return EntityHttp.Created(http, result, $"{BasePath}/{id}", PaymentResponse.From, p => p.Version);
        });

    private static async Task<IResult> Get(HttpContext http, IGrainFactory grains, string id)
    {
        if (EntityHttp.ParseId(http, id, out var paymentId) is { } invalid)
        {
            return invalid.ToResult();
        }

        return EntityHttp.Found(http, "Payment", paymentId, await Payment(grains, paymentId).GetAsync(),
            PaymentResponse.From, p => p.Version).ToResult();
    }

    private static async Task<IResult> List(HttpContext http, ListService lists)
    {
        var errors = new FieldErrors();
        var search = new PaymentSearch(
            Paging.Parse(http, PaymentList.Instance.SortFields, errors),
            QueryParameters.Enum<PaymentStatus>(http, "status", errors),
            QueryParameters.Id(http, "customerId", errors),
            QueryParameters.Id(http, "invoiceId", errors),
            QueryParameters.Enum<PaymentMethod>(http, "paymentMethod", errors),
            QueryParameters.SearchTerm(http, errors));
        if (!errors.IsEmpty)
        {
            return ApiResponse.Problem(ApiProblem.Validation(http, errors.ToDictionary())).ToResult();
        }

        return ApiResponse.Ok(Paging.Respond(await lists.SearchAsync(PaymentList.Instance, search, http.RequestAborted), PaymentResponse.From)).ToResult();
    }

    private static async Task<IResult> Statistics(ListService lists, CancellationToken cancellationToken) =>
        ApiResponse.Ok(Stats.ByStatus<PaymentStatus>(await lists.CountByStatusAsync(PaymentList.Instance.Kind, cancellationToken))).ToResult();

    private static async Task<IResult> ChangeStatus(HttpContext http, IGrainFactory grains, string id, ChangePaymentStatusRequest request)
    {
        if (request.PaymentStatus is { } wanted && EnumText.TryParse<PaymentStatus>(wanted, out var target) &&
            target == PaymentStatus.Refunded && RoleMatrix.Refund.Check(http) is { } forbidden)
        {
            return forbidden.ToResult();
        }

        return (await EntityHttp.ChangeStatusAsync<PaymentStatus, PaymentState, PaymentResponse>(http, id, request.Id, request.PaymentStatus,
            request.Version, (paymentId, target, version) => Payment(grains, paymentId).ChangeStatusAsync(target, request.ReversalReason, version),
            PaymentResponse.From, p => p.Version, statusField: "paymentStatus", versionRequired: true)).ToResult();
    }

    private static Result<PaymentDetails> ToDetails(CreatePaymentRequest request)
    {
        // A missing customerId becomes Guid.Empty, which the rules report as required.
        var errors = new FieldErrors();
        var method = default(PaymentMethod);
        if (request.PaymentMethod is null)
        {
            errors.Add("paymentMethod", "is required");
        }
        else if (!EnumText.TryParse(request.PaymentMethod, out method))
        {
            errors.Add("paymentMethod", $"must be one of {EnumText.AllowedCodes<PaymentMethod>()}");
        }

        PaymentStatus? status = null;
        if (request.PaymentStatus is not null)
        {
            if (EnumText.TryParse<PaymentStatus>(request.PaymentStatus, out var parsed))
            {
                status = parsed;
            }
            else
            {
                errors.Add("paymentStatus", $"must be one of {EnumText.AllowedCodes<PaymentStatus>()}");
            }
        }

        var details = new PaymentDetails(request.CustomerId ?? Guid.Empty, request.InvoiceId, request.Amount, request.Currency, method,
            status, request.PaymentNumber, request.TransactionId, request.Gateway, request.PaymentDate, request.ReceivedDate,
            request.ReferenceNumber, request.Notes);
        return errors.AddAll(Domain.Payments.Payment.Validate(details)).ToResult(() => details);
    }
}
