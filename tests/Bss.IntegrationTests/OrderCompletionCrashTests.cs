using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests;

/// <summary>
/// Completing an order is a workflow across grains; a silo SIGKILLed in the middle of it must not leave anything
/// created twice or half done once the completion is retried through the survivor.
/// </summary>
public class OrderCompletionCrashTests
{
    /// <summary>Test-only: slows every completion step, so the kill lands while steps remain (see OrderCompletionOptions).</summary>
    private static readonly Dictionary<string, string> SlowSteps = new() { ["Bss__Testing__CompletionStepDelay"] = "00:00:00.400" };

    private static SiloProcess.Options Options(string clusterId, string name) =>
        SiloProcess.NewOptions(clusterId, name) with { Environment = SlowSteps };

    [Fact]
    public async Task SigkillDuringCompletion_RetryThroughSurvivor_CreatesEachEffectExactlyOnce()
    {
        var clusterId = "it-orders-" + Guid.NewGuid().ToString("N")[..8];
        await using var survivor = await SiloProcess.StartAsync(Options(clusterId, "order-survivor"));
        await using var victim = await SiloProcess.StartAsync(Options(clusterId, "order-victim"));
        await WaitForAsync(async () => (await victim.ReadinessAsync()).Contains("2 active silo(s)", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        var customerId = (string)(await victim.Http.CreateCustomerAsync())["id"]!;
        var parts = new List<OrderApi.ItemParts>();
        for (var i = 0; i < 3; i++)
        {
            parts.Add(await victim.Http.CreateItemPartsAsync());
        }

        var order = await victim.Http.ToProcessingAsync(await victim.Http.CreateOrderAsync(OrderApi.NewOrder(customerId, [.. parts])));
        var path = OrderApi.PathOf(order);

        // Ask the victim to complete (12 steps of ≥ 0.4 s each) and kill it once a few steps have taken effect.
        var inFlight = victim.Http.SendJsonAsync(HttpMethod.Put, $"{path}/status", new JsonObject { ["status"] = "COMPLETED" });
        await WaitForAsync(async () => SucceededSteps(await survivor.Http.GetJsonAsync(path)) >= 3, TimeSpan.FromSeconds(30));
        await victim.KillAsync();
        await Assert.ThrowsAnyAsync<Exception>(async () => (await inFlight).EnsureSuccessStatusCode());

        var completed = await RetryCompletionAsync(survivor, path, TimeSpan.FromSeconds(120));

        Assert.Equal(("COMPLETED", "DONE"), ((string?)completed["status"], (string?)completed["completion"]!["state"]));
        Assert.Equal(12, SucceededSteps(completed));
        Assert.Equal((3L, 3L, 3L, 3L), await survivor.Http.HoldingsAsync(customerId));
        var subscriptions = await survivor.Http.GetJsonAsync($"{CatalogApi.Subscriptions}?customerId={customerId}");
        Assert.All(subscriptions["content"]!.AsArray(), s => Assert.Equal((string?)order["id"], (string?)s!["orderId"]));
        foreach (var part in parts)
        {
            var service = await survivor.Http.GetJsonAsync($"{ServiceApiTests.Services}/{part.ServiceId}");
            Assert.Equal(1, (int?)service["activeCustomerCount"]);
        }
    }

    private static int SucceededSteps(JsonObject order) =>
        order["completion"]?["steps"]?.AsArray().Count(s => (string?)s!["status"] == "SUCCEEDED") ?? 0;

    /// <summary>PUT COMPLETED until it answers 200: 503 while the dead silo is being detected, 202 while a step waits.</summary>
    private static async Task<JsonObject> RetryCompletionAsync(SiloProcess silo, string path, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < timeout)
        {
            try
            {
                using var response = await silo.Http.SendJsonAsync(HttpMethod.Put, $"{path}/status", new JsonObject { ["status"] = "COMPLETED" });
                last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return JsonNode.Parse(last[5..])!.AsObject();
                }

                Assert.True(response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.Accepted, $"unexpected {last}");
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"order {path} not completed through {silo.Name} within {timeout}; last answer {last}");
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < timeout, "condition not met in time");
            await Task.Delay(100);
        }
    }
}
