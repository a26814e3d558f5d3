using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;
using Npgsql;

namespace Bss.IntegrationTests.Observability;

/// <summary>
/// The alert rules pass their `promtool test rules` unit tests, Prometheus' configuration loads them, and
/// Alertmanager's configuration passes `amtool check-config` (dev/validate-compose --alerts).
/// </summary>
public class AlertRulesTests
{
    [Fact]
    public async Task AlertRulesAndAlertmanagerConfig_PassPromtoolAndAmtool()
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(TestEnvironment.RepositoryRoot, "dev", "validate-compose"), "--alerts"])
        {
            WorkingDirectory = TestEnvironment.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await output + await errors;

        Assert.True(process.ExitCode == 0, text);
        // Each tool really ran: the script only notes a tool it could not get, which must not pass for a check.
        Assert.Contains("dev/compose/prometheus/prometheus.yml valid", text, StringComparison.Ordinal);
        Assert.Contains("their unit tests pass", text, StringComparison.Ordinal);
        Assert.Contains("amtool: dev/compose/alertmanager/alertmanager.yml valid", text, StringComparison.Ordinal);
        Assert.Contains("alerts: ok", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrainStateWriteFails_SiloExportsTheCounterTheStorageAlertWatches()
    {
        await using var proxy = new TcpProxy(TestEnvironment.PgBouncerPort);
        var postgres = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresThroughPgBouncer) { Port = proxy.Port, Timeout = 3 };
        var options = SiloProcess.NewOptions("it-alerts-" + Guid.NewGuid().ToString("N")[..8], "alerts") with { Postgres = postgres.ConnectionString };
        await using var silo = await SiloProcess.StartAsync(options);
        var customer = await silo.Http.CreateCustomerAsync();

        proxy.Cut();
        // The customer is active: the change reaches the grain and fails on writing its state.
        using (var change = await silo.Http.SendJsonAsync(HttpMethod.Put, $"{Api.Customers}/{customer["id"]}/status", new JsonObject { ["status"] = "SUSPENDED" }))
        {
            await change.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
        }

        proxy.Restore();

        var rules = await File.ReadAllTextAsync(Path.Combine(TestEnvironment.RepositoryRoot, "dev", "compose", "prometheus", "rules", "bss-alerts.yml"));
        Assert.Contains("orleans_storage_write_errors_total", rules, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^orleans_storage_write_errors_total\{[^}]*\} [1-9]", await silo.MetricsAsync());
    }
}
