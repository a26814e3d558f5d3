using System.Net;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests.Observability;

/// <summary>The request rate, error and latency series (RED) describe the API, not its operators' polling.</summary>
[Collection(ApiCluster.Name)]
public class RedMetricsTests(ApiClusterFixture cluster)
{
    [Fact]
    public async Task ScrapesHealthProbesAndDashboard_AreNotInRequestDuration_ApiRoutesAre()
    {
        await cluster.Http.CreateCustomerAsync();
        for (var i = 0; i < 3; i++)
        {
            await cluster.Silo1.MetricsAsync();
            using var live = await cluster.Silo1.Http.GetAsync("/health/live");
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            using var ready = await cluster.Silo1.Http.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            using var dashboard = await cluster.Silo1.Http.GetAsync("/dashboard/");
            Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        }

        var duration = (await cluster.Silo1.MetricsAsync())
            .Split('\n')
            .Where(line => line.StartsWith("http_server_request_duration_seconds", StringComparison.Ordinal))
            .ToList();

        Assert.Contains(duration, line => line.Contains("http_route=\"/api/", StringComparison.Ordinal));
        foreach (var operational in new[] { "/metrics", "/health", "/dashboard" })
        {
            Assert.DoesNotContain(duration, line => line.Contains($"http_route=\"{operational}", StringComparison.Ordinal));
        }
    }
}
