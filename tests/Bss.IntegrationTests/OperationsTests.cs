using System.Diagnostics;
using System.Net;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests;

/// <summary>What an operator uses: health, metrics, dashboard, and the compose file.</summary>
[Collection(ApiCluster.Name)]
public class OperationsTests(ApiClusterFixture cluster)
{
    [Fact]
    public async Task HealthLive_Returns200()
    {
        using var response = await cluster.Http.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task HealthReady_ReportsPostgresRedisAndSilo()
    {
        using var response = await cluster.Http.GetAsync("/health/ready");
        var body = await response.ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal("HEALTHY", (string?)body["status"]);
        foreach (var check in new[] { "postgres", "redis", "silo" })
        {
            Assert.Equal("HEALTHY", (string?)body["checks"]![check]!["status"]);
        }
    }

    [Fact]
    public async Task Metrics_ExposeOrleansAspNetCoreAndBusinessMeters()
    {
        await cluster.Http.CreateCustomerAsync();

        var text = await cluster.Silo1.MetricsAsync();

        Assert.Contains("orleans_", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration", text, StringComparison.Ordinal);
        Assert.Contains("bss_customers_registered", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_IsServed()
    {
        using var response = await cluster.Http.GetAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("html", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DashboardLogStream_IsOffByDefault()
    {
        // Headers only: were the stream on, its body would never end.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var response = await cluster.Http.GetAsync("/dashboard/Trace", HttpCompletionOption.ResponseHeadersRead, timeout.Token);

        Assert.False(response.IsSuccessStatusCode, $"/dashboard/Trace answered {(int)response.StatusCode}: the log stream is on");
    }

    [Fact]
    public async Task ComposeFile_IsValid()
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(TestEnvironment.RepositoryRoot, "dev", "validate-compose")])
        {
            WorkingDirectory = TestEnvironment.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, output + errors);
        Assert.Contains("compose: ok", output, StringComparison.Ordinal);
    }
}
