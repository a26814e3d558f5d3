using Bss.Abstractions.Invoices;
using Bss.Api.Http;
using Bss.Domain.Common;
using Bss.Domain.Invoices;
using Bss.ReadSide.Lists;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bss.Api.Invoices;

public static class InvoiceEndpoints
{
    public const string BasePath = "/api/v1/invoices";

    public static IEndpointRouteBuilder MapInvoices(this IEndpointRouteBuilder routes) =>
        routes.MapResource("invoices", "Invoices", alias: false, group =>
        {
            group.MapPost("/", Create).Produces<InvoiceResponse>(StatusCodes.Status201Created);
            group.MapPost("/preview", Preview).Produces<Billing.BillingRunResponse>().WithRequestTimeout(Limits.LimitsExtensions.BillingTimeout);
            group.MapGet("/", List).Produces<PageResponse<InvoiceResponse>>();
            group.MapGet("/stats", Statistics).Produces<StatusStats>();
            group.MapGet("/by-invoice-number/{**number}", GetByNumber).Produces<InvoiceResponse>();
            group.MapGet("/{id}", Get).Produces<InvoiceResponse>();
            group.MapPut("/{id}/status", ChangeStatus).Produces<InvoiceResponse>();
        });

    private static IInvoiceGrain Invoice(IGrainFactory grains, Guid id) => grains.GetGrain<IInvoiceGrain>(id);

    /// <summary>
    /// What the customer's billing run as of <c>date</c> (default today) would invoice, from the same code as the run;
    /// nothing is stored.
    /// </summary>
    private static async Task<IResult> Preview(HttpContext http, IGrainFactory grains, TimeProvider time)
    {
        var errors = new FieldErrors();
        var customerId = QueryParameters.Id(http, "customerId", errors);
        var date = QueryParameters.Date(http, "date", errors);
        Limits.BillingDateWindow.Check(http, date, "date", errors);
        if (customerId is null && errors.IsEmpty)
        {
            errors.Add("customerId", "is required");
        }

        if (!errors.IsEmpty)
        {
            return ApiResponse.Problem(ApiProblem.Validation(http, errors.ToDictionary())).ToResult();
        }

        if (await grains.GetGrain<Abstractions.Customers.ICustomerGrain>(customerId!.Value).GetAsync() is null)
        {
            return ApiResponse.Problem(ApiProblem.Validation(http, "customerId", $"no customer {customerId}")).ToResult();
        }

        var run = await grains.GetGrain<Abstractions.Billing.IBillingAccountGrain>(customerId.Value)
            .PreviewAsync(date ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        return (run.IsSuccess
            ? ApiResponse.Ok(Billing.BillingRunResponse.From(run.Value))
            : ApiResponse.Problem(ApiProblem.From(http, run.Error))).ToResult();
    }

    private static Task<IResult> Create(HttpContext http, IGrainFactory grains, CreateInvoiceRequest request) =>
        Idempotency.RunAsync(http, grains, request, async id =>
        {
            var draft = ToDraft(request);
            if (!draft.IsSuccess)
            {
                return ApiResponse.Problem(ApiProblem.From(http, draft.Error));
            }

            var result = await Invoice(grains, id).CreateDraftAsync(draft.Value);
            return EntityHttp.Created(http, result, $"{BasePath}/{id}", InvoiceResponse.For(http), v => v.State.Version);
        });

    private static async Task<IResult> Get(HttpContext http, IGrainFactory grains, string id)
    {
        if (EntityHttp.ParseId(http, id, out var invoiceId) is { } invalid)
        {
            return invalid.ToResult();
        }

        return EntityHttp.Found(http, "Invoice", invoiceId, await Invoice(grains, invoiceId).GetAsync(),
            InvoiceResponse.For(http), v => v.State.Version).ToResult();
    }

    private static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private static async Task<IResult> GetByNumber(HttpContext http, ListService lists, TimeProvider time, string number)
    {
        var found = await lists.PageAsync(InvoiceList.Instance.ByNumber(number), InvoiceList.Instance.Read, http.RequestAborted);
        var invoice = found.Items.Count == 0 ? null : new InvoiceView(found.Items[0], Today(time));
        return (invoice is null
            ? ApiResponse.Problem(ApiProblem.Create(http, StatusCodes.Status404NotFound, "NOT_FOUND", "Not found", $"Invoice {number} was not found."))
            : ApiResponse.Ok(InvoiceResponse.For(http)(invoice), invoice.State.Version)).ToResult();
    }

    private static async Task<IResult> List(HttpContext http, ListService lists, TimeProvider time)
    {
        var errors = new FieldErrors();
        var today = Today(time);
        var search = new InvoiceSearch(
            Paging.Parse(http, InvoiceList.Instance.SortFields, errors),
            QueryParameters.Enum<InvoiceStatus>(http, "status", errors),
            QueryParameters.Enum<InvoiceType>(http, "type", errors),
            QueryParameters.Id(http, "customerId", errors),
            QueryParameters.Date(http, "startDate", errors),
            QueryParameters.Date(http, "endDate", errors),
            QueryParameters.Flag(http, "unpaid", errors),
            QueryParameters.Flag(http, "overdue", errors),
            QueryParameters.SearchTerm(http, errors, "query"),
            today);
        if (!errors.IsEmpty)
        {
            return ApiResponse.Problem(ApiProblem.Validation(http, errors.ToDictionary())).ToResult();
        }

        var found = (await lists.SearchAsync(InvoiceList.Instance, search, http.RequestAborted)).Map(s => new InvoiceView(s, today));
        return ApiResponse.Ok(Paging.Respond(found, InvoiceResponse.For(http))).ToResult();
    }

    private static async Task<IResult> Statistics(ListService lists, CancellationToken cancellationToken) =>
        ApiResponse.Ok(Stats.ByStatus<InvoiceStatus>(await lists.CountByStatusAsync(InvoiceList.Instance.Kind, cancellationToken))).ToResult();

    private static async Task<IResult> ChangeStatus(HttpContext http, IGrainFactory grains, string id, ChangeInvoiceStatusRequest request) =>
        (await EntityHttp.ChangeStatusAsync<InvoiceStatus, InvoiceView, InvoiceResponse>(http, id, request.Id, request.Status, request.Version,
            (invoiceId, target, version) => ChangeStatusAsync(Invoice(grains, invoiceId), target, request.SentToEmail, version),
            InvoiceResponse.For(http), v => v.State.Version, versionRequired: true)).ToResult();

    /// <summary>Each status an invoice can be asked to take is its own business action.</summary>
    private static Task<Result<InvoiceView>> ChangeStatusAsync(IInvoiceGrain invoice, InvoiceStatus target, string? email, int? version) =>
        target switch
        {
            InvoiceStatus.Issued => invoice.IssueAsync(version),
            InvoiceStatus.Sent => invoice.SendAsync(email, version),
            InvoiceStatus.Overdue => invoice.MarkOverdueAsync(version),
            InvoiceStatus.Cancelled => invoice.CancelAsync(version),
            InvoiceStatus.Paid => invoice.MarkPaidAsync(version),
            _ => Task.FromResult(Result<InvoiceView>.Fail(new DomainError(ErrorKind.InvalidTransition,
                $"An invoice never returns to {EnumText.Code(target)}: correct an issued invoice with a credit note."))),
        };

    /// <summary>The HTTP shape: required fields present, enums known. Amounts and dates are the rules' business.</summary>
    private static Result<InvoiceDraft> ToDraft(CreateInvoiceRequest request)
    {
        var errors = new FieldErrors();
        if (request.CustomerId is null)
        {
            errors.Add("customerId", "is required");
        }

        var type = InvoiceType.OneTime;
        if (request.InvoiceType is not null && !EnumText.TryParse(request.InvoiceType, out type))
        {
            errors.Add("invoiceType", $"must be one of {EnumText.AllowedCodes<InvoiceType>()}");
        }
        else if (type == InvoiceType.Recurring)
        {
            errors.Add("invoiceType", "RECURRING invoices come from billing runs; create ONE_TIME, ADJUSTMENT, CREDIT_NOTE or DEBIT_NOTE");
        }

        var items = request.Items ?? [];
        var lines = new List<InvoiceLine>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.Quantity is null)
            {
                errors.Add($"items[{i}].quantity", "is required");
            }

            if (item.UnitPrice is null)
            {
                errors.Add($"items[{i}].unitPrice", "is required");
            }

            lines.Add(new InvoiceLine(item.Description ?? "", item.Quantity ?? 0, item.UnitPrice ?? 0, item.DiscountAmount ?? 0,
                item.TaxRate ?? Domain.Invoices.Invoice.DefaultTaxRate, item.ProductId, item.SubscriptionId));
        }

        var draft = new InvoiceDraft(request.CustomerId ?? Guid.Empty, type, lines, request.Currency, request.PaymentTerms,
            request.LateFee, request.Notes, request.BillingPeriodStart, request.BillingPeriodEnd,
            request.InvoiceNumber, request.Amounts(), request.IssueDate, request.DueDate, request.SentToEmail);
        return errors.AddAll(Domain.Invoices.Invoice.Validate(draft)).ToResult(() => draft);
    }
}
