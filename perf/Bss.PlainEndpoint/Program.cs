using Bss.PlainEndpoint;

// perf/bench's baseline (a): GET /api/v1/customers/{id} answers a customer document of the same shape and size as
// the silo's, built in memory with the same host and serializer defaults, so hot-read / plain shows what Orleans
// and the API add over bare ASP.NET Core on this machine.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);

var app = builder.Build();
var created = DateTimeOffset.UtcNow;
app.MapGet("/api/v1/customers/{id}", (string id, HttpResponse response) =>
{
    if (!Guid.TryParse(id, out var customerId))
    {
        return Results.BadRequest();
    }

    response.Headers.ETag = "\"1\"";
    return Results.Ok(PlainCustomer.Sample(customerId, created));
});
app.MapGet("/health/ready", () => "ok");
app.Run();
