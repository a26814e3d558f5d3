using Bss.Api.Addresses;
using Bss.Api.Assets;
using Bss.Api.Audit;
using Bss.Api.Billing;
using Bss.Api.Customers;
using Bss.Api.Http;
using Bss.Api.Invoices;
using Bss.Api.Limits;
using Bss.Api.Orders;
using Bss.Api.Payments;
using Bss.Api.Products;
using Bss.Api.Subscriptions;
using Bss.Api.Security;
using Bss.Api.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bss.Api;

public static class ApiExtensions
{
    /// <summary>JSON format, problem details and error mapping for the REST front end.</summary>
    public static IServiceCollection AddBssApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<ExceptionProblems>();
        SiloFailover.AddBssFailover(services);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            // Problems the framework writes itself (unknown route, wrong method) get the same fields as ours.
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            var code = status switch
            {
                401 => "UNAUTHORIZED",
                403 => "FORBIDDEN",
                404 => "NOT_FOUND",
                405 => "METHOD_NOT_ALLOWED",
                415 => "UNSUPPORTED_MEDIA_TYPE",
                _ => "HTTP_" + status,
            };
            problem.Detail ??= problem.Title ?? "The request could not be served.";
            problem.Instance ??= context.HttpContext.Request.Path;
            problem.Extensions.TryAdd("code", code);
            problem.Extensions.TryAdd("message", problem.Detail);
            problem.Extensions.TryAdd("path", context.HttpContext.Request.Path.Value);
        });
        // After the default writer: used only when that one declines (an Accept header without JSON).
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonFallback>();
        return services;
    }

    public static IEndpointRouteBuilder MapBssApi(this IEndpointRouteBuilder routes)
    {
        // Every route of the API is placed in the role matrix; one it does not know stops the silo at start-up.
        return routes.Apply(routes =>
        {
            // A grain call lost with its silo is repeated here, for every route, when the request is safe to repeat.
            var api = routes.MapGroup("");
            api.AddEndpointFilter<SiloFailover>();
            api.MapCustomers();
            api.MapInvoices();
            api.MapPayments();
            api.MapAddresses();
            api.MapProducts();
            api.MapSubscriptions();
            api.MapAssets();
            api.MapSimCards();
            api.MapServices();
            api.MapOrders();
            api.MapBilling();
            api.MapAudit();
        });
    }

    public static WebApplication UseBssApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Shed before the token is even read; limit per caller once it is known (see Limits/).
        app.UseBssLoadShedding();
        app.UseBssSecurity();
        app.UseBssRateLimits();
        return app;
    }
}
