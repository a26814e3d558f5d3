using System.Diagnostics;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests.Failover;

/// <summary>Condition waits with deadlines instead of fixed sleeps, so the chaos suite stays short.</summary>
public static class ChaosTiming
{
    /// <summary>After the disturbance: until each of <paramref name="silos"/> has answered requests again (at most 15 s).</summary>
    public static async Task TailAsync(MixedLoad load, IReadOnlyList<SiloProcess> silos)
    {
        var before = silos.ToDictionary(s => s, load.AnsweredBy);
        await UntilAsync(() => Task.FromResult(silos.All(s => load.AnsweredBy(s) >= before[s] + 10)), TimeSpan.FromSeconds(15),
            "not every silo took requests again after the disturbance");
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < timeout, $"{failure} (waited {timeout})");
            await Task.Delay(100);
        }
    }
}
