using System.Collections.Concurrent;
using Bss.Grains.Billing;
using Bss.Grains.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Storage;
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

    private const string InMemory = "in-memory";

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        Cluster = await StartAsync(2, Time);
    }

    /// <summary>
    /// An in-process cluster of <paramref name="silos"/> silos with in-memory storage and reminders, on <paramref name="time"/>;
    /// <paramref name="configure"/> may add to or replace the silos' services.
    /// </summary>
    public static async Task<InProcessTestCluster> StartAsync(short silos, TimeProvider time, Action<ISiloBuilder>? configure = null)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(InMemory);
            silo.Services.AddKeyedSingleton<IGrainStorage>(GrainStorage.Name,
                (services, _) => new FailingWrites(services.GetRequiredKeyedService<IGrainStorage>(InMemory)));
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton(time);
            silo.Services.AddSingleton<BssMetrics>();
            silo.Services.AddSingleton<IBillingDirectory, NoReadTable>();
            silo.AddIncomingGrainCallFilter<Crashes>();
            silo.AddIncomingGrainCallFilter<Stalls>();
            configure?.Invoke(silo);
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

/// <summary>
/// Crashes at a chosen moment: a call armed here fails before the grain runs it, as if its silo had died on the way
/// (the caller's earlier writes stand, this one never happens). Armed per grain id, so tests sharing a cluster or a
/// process never meet each other's crashes.
/// </summary>
public sealed class Crashes : IIncomingGrainCallFilter
{
    private static readonly ConcurrentDictionary<(GrainId, string), bool> Armed = new();

    /// <summary>The next call of <paramref name="method"/> on <paramref name="grain"/> fails before it runs.</summary>
    public static void Before(IAddressable grain, string method) => Armed[(grain.GetGrainId(), method)] = true;

    public Task Invoke(IIncomingGrainCallContext context) =>
        Armed.TryRemove((context.TargetId, context.InterfaceMethod.Name), out _)
            ? throw new InvalidOperationException($"simulated crash before {context.InterfaceMethod.Name} on {context.TargetId}")
            : context.Invoke();
}

/// <summary>
/// Holds calls back at a chosen place: a call of a method held here on a grain waits, before the grain runs it, until
/// the test lets it go, as a call to a grain whose silo died waits while the grain is activated again elsewhere.
/// Held per grain id, like <see cref="Crashes"/>.
/// </summary>
public sealed class Stalls : IIncomingGrainCallFilter
{
    private static readonly ConcurrentDictionary<(GrainId, string), TaskCompletionSource> Held = new();

    /// <summary>From now on, calls of <paramref name="method"/> on <paramref name="grain"/> wait until <see cref="Release"/>.</summary>
    public static void Hold(IAddressable grain, string method) =>
        Held[(grain.GetGrainId(), method)] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets the held calls of <paramref name="method"/> on <paramref name="grain"/> (and later ones) run.</summary>
    public static void Release(IAddressable grain, string method)
    {
        if (Held.TryRemove((grain.GetGrainId(), method), out var held))
        {
            held.TrySetResult();
        }
    }

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (Held.TryGetValue((context.TargetId, context.InterfaceMethod.Name), out var held))
        {
            await held.Task;
        }

        await context.Invoke();
    }
}

/// <summary>
/// In-memory storage has no read table to look accounts and subscriptions up in: billing accounts find the
/// subscriptions they tracked themselves (the integration tests run the real directory on PostgreSQL).
/// </summary>
internal sealed class NoReadTable : IBillingDirectory
{
    public Task<IReadOnlyList<Guid>> DueAccountsAsync(DateOnly cycleDate) => Task.FromResult<IReadOnlyList<Guid>>([]);

    public Task<IReadOnlyList<Guid>> SubscriptionIdsAsync(Guid customerId) => Task.FromResult<IReadOnlyList<Guid>>([]);
}
