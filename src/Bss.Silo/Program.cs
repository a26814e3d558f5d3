using Bss.Api;
using Bss.Silo;
using Bss.Silo.Health;

var builder = WebApplication.CreateBuilder(args);
builder.AddBssSilo();
builder.AddBssTelemetry();
builder.Services.AddBssApi();
builder.Services.AddBssHealthChecks();

var app = builder.Build();
app.UseBssApi();
app.MapBssApi();
app.MapBssOperations();
app.Run();
