using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests;

/// <summary>What a silo does before it joins the cluster (src/Bss.Silo/DatabaseWarmup.cs).</summary>
public class SiloStartupTests
{
    [Fact]
    public async Task Start_WarmConnections_OpensThemBeforeTheSiloJoins()
    {
        var options = SiloProcess.NewOptions("it-warm-" + Guid.NewGuid().ToString("N")[..8], "warm-" + Guid.NewGuid().ToString("N")[..6]) with
        {
            // 8 for grain storage and reminders, a quarter of that (2) for the list queries' data source.
            Environment = new Dictionary<string, string>
            {
                ["Bss__Startup__WarmConnections"] = "8",
                // Test silos log warnings only; these two lines are information.
                ["Logging__LogLevel__Bss.Silo.DatabaseWarmup"] = "Information",
                ["Logging__LogLevel__Orleans.Hosting.SiloHostedService"] = "Information",
            },
        };
        await using var silo = await SiloProcess.StartAsync(options);

        var log = silo.Log;
        var warmed = log.IndexOf("Database pools warmed: 10 connections open", StringComparison.Ordinal);
        var joined = log.IndexOf("Orleans Silo started.", StringComparison.Ordinal);

        Assert.True(warmed >= 0, $"no warm-up line in the silo's log:\n{log}");
        Assert.True(joined > warmed, $"the silo started before its pools were warm:\n{log}");
    }
}
