using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests;

/// <summary>Silo processes joining, dying and restarting, with state in the real PostgreSQL through PgBouncer.</summary>
public class ClusterTests
{
    private static string NewClusterId() => "it-cluster-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task TwoSiloProcesses_FormOneCluster()
    {
        var clusterId = NewClusterId();
        await using var silo1 = await SiloProcess.StartAsync(SiloProcess.NewOptions(clusterId, "silo1"));
        await using var silo2 = await SiloProcess.StartAsync(SiloProcess.NewOptions(clusterId, "silo2"));

        await WaitForAsync(async () => (await silo1.ReadinessAsync()).Contains("2 active silo(s)", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Contains("2 active silo(s)", await silo2.ReadinessAsync(), StringComparison.Ordinal);

        var created = await silo1.Http.CreateCustomerAsync();
        using var read = await silo2.Http.GetAsync($"{Api.Customers}/{created["id"]}");
        Assert.Equal(created.ToJsonString(), (await read.ExpectJsonAsync(HttpStatusCode.OK)).ToJsonString());
    }

    [Fact]
    public async Task SigkilledSilo_EveryCustomerCreatedThroughIt_IsReadableUnchangedThroughTheSurvivor()
    {
        var clusterId = NewClusterId();
        await using var survivor = await SiloProcess.StartAsync(SiloProcess.NewOptions(clusterId, "survivor"));
        await using var victim = await SiloProcess.StartAsync(SiloProcess.NewOptions(clusterId, "victim"));
        await WaitForAsync(async () => (await victim.ReadinessAsync()).Contains("2 active silo(s)", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        var acknowledged = new List<JsonObject>();
        for (var i = 0; i < 30; i++)
        {
            var created = await victim.Http.CreateCustomerAsync();
            if (i % 3 == 0)
            {
                using var suspended = await victim.Http.SendJsonAsync(HttpMethod.Put, $"{Api.Customers}/{created["id"]}/status",
                    new JsonObject { ["status"] = "SUSPENDED" });
                created = await suspended.ExpectJsonAsync(HttpStatusCode.OK);
            }

            acknowledged.Add(created);
        }

        await victim.KillAsync();

        var clock = Stopwatch.StartNew();
        foreach (var expected in acknowledged)
        {
            var body = await EventuallyReadAsync(survivor, (string)expected["id"]!, TimeSpan.FromSeconds(90));
            Assert.Equal(expected.ToJsonString(), body.ToJsonString());
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"failover took {clock.Elapsed}");
    }

    [Fact]
    public async Task FullRestart_AcknowledgedWritesSurvive_EvenAfterSigkill()
    {
        var options = SiloProcess.NewOptions(NewClusterId(), "only");
        var silo = await SiloProcess.StartAsync(options);
        var created = await silo.Http.CreateCustomerAsync();
        var update = Api.NewCustomer();
        update["version"] = 1;
        update["firstName"] = "Restarted";
        using var updated = await silo.Http.SendJsonAsync(HttpMethod.Put, $"{Api.Customers}/{created["id"]}", update);
        var acknowledged = await updated.ExpectJsonAsync(HttpStatusCode.OK);

        await silo.KillAsync();
        await silo.DisposeAsync();
        await using var restarted = await SiloProcess.StartAsync(options with { Name = "only-again" });

        var body = await EventuallyReadAsync(restarted, (string)created["id"]!, TimeSpan.FromSeconds(60));
        Assert.Equal(acknowledged.ToJsonString(), body.ToJsonString());
    }

    [Fact]
    public async Task GracefulStop_ThenNewCluster_ServesTheSameState()
    {
        var first = SiloProcess.NewOptions(NewClusterId(), "before");
        JsonObject created;
        await using (var silo = await SiloProcess.StartAsync(first))
        {
            created = await silo.Http.CreateCustomerAsync();
        }

        await using var after = await SiloProcess.StartAsync(SiloProcess.NewOptions(NewClusterId(), "after"));
        using var read = await after.Http.GetAsync($"{Api.Customers}/{created["id"]}");

        Assert.Equal(created.ToJsonString(), (await read.ExpectJsonAsync(HttpStatusCode.OK)).ToJsonString());
    }

    private static async Task<JsonObject> EventuallyReadAsync(SiloProcess silo, string id, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await silo.Http.GetAsync($"{Api.Customers}/{id}");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return await response.ExpectJsonAsync(HttpStatusCode.OK);
                }

                // While the dead silo is not yet declared dead, calls to its grains fail as unavailable (503).
                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable,
                    $"unexpected {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                Assert.True(response.Headers.RetryAfter is not null, "503 without Retry-After");
            }
            catch (TaskCanceledException) when (clock.Elapsed < timeout)
            {
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"customer {id} not readable through {silo.Name} within {timeout}");
            }

            await Task.Delay(200);
        }
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < timeout, "condition not met in time");
            await Task.Delay(200);
        }
    }
}
