using Bss.Grains.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Bss.Grains.Tests;

/// <summary>
/// One in-process cluster (two silos, in-memory grain storage) shared by the grain tests. Grain behaviour only:
/// the real PostgreSQL/PgBouncer/Redis path is covered by Bss.IntegrationTests.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; } = new(Start);

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        Cluster = await StartAsync(2, Time);
    }

    /// <summary>An in-process cluster of <paramref name="silos"/> silos with in-memory storage and reminders, on <paramref name="time"/>.</summary>
    public static async Task<InProcessTestCluster> StartAsync(short silos, TimeProvider time)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(GrainStorage.Name);
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton(time);
            silo.Services.AddSingleton<BssMetrics>();
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
