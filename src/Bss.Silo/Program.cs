using Bss.Api;
using Bss.Api.Limits;
using Bss.Api.Security;
using Bss.Silo;
using Bss.Silo.Health;

var builder = WebApplication.CreateBuilder(args);
builder.AddBssLogging();
builder.AddBssSilo();
builder.AddBssTelemetry();
builder.Services.AddBssApi();
builder.Services.AddBssLimits(builder.Configuration);
builder.Services.AddBssSecurity(builder.Configuration);
builder.Services.AddBssHealthChecks();

var app = builder.Build();
app.UseBssOperationalPathsOutOfHttpMetrics();
app.UseBssApi();
app.MapBssApi();
app.MapBssOperations();
app.Run();
