using System.Diagnostics;
using Bss.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Bss.IntegrationTests.Failover;

/// <summary>
/// One cluster of real silo processes shared by the chaos tests (starting silos is what costs time): each test asks
/// for the number of silos it needs (<see cref="EnsureAsync"/>), then stops, kills, restarts or adds them. The silos run
/// with the production membership timing; only the drain delay is short (3 s: the load polls readiness every 100 ms, on a machine that may be busy) and
/// dead silos' rows expire after seconds instead of a day, so a test can watch them go.
/// </summary>
public sealed class ChaosCluster : IAsyncLifetime
{
    private readonly List<(SiloProcess Silo, SiloProcess.Options Options)> _silos = [];
    private int _named;

    public string ClusterId { get; } = "it-chaos-" + Guid.NewGuid().ToString("N")[..8];

    public IReadOnlyList<SiloProcess> Silos
    {
        get
        {
            lock (_silos)
            {
                return _silos.Select(s => s.Silo).ToArray();
            }
        }
    }

    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["Bss__Shutdown__DrainDelay"] = "00:00:03",
        ["Orleans__Membership__DefunctSiloExpiration"] = "00:00:02",
        ["Orleans__Membership__DefunctSiloMinimumRetention"] = "00:00:02",
        ["Orleans__Membership__DefunctSiloCleanupPeriod"] = "00:00:01",
    };

    public Task InitializeAsync() => EnsureAsync(3);

    public async Task DisposeAsync()
    {
        foreach (var silo in Silos)
        {
            await silo.DisposeAsync();
        }
    }

    /// <summary>Exactly <paramref name="count"/> running silos (started in parallel, or extra ones stopped), each seeing all of them Active.</summary>
    public async Task<IReadOnlyList<SiloProcess>> EnsureAsync(int count)
    {
        foreach (var gone in Silos.Where(s => s.HasExited))
        {
            await RemoveAsync(gone);
        }

        while (Silos.Count > count)
        {
            var extra = Silos[^1];
            await extra.StopAsync();
            await RemoveAsync(extra);
        }

        await Task.WhenAll(Enumerable.Range(0, count - Silos.Count).Select(_ => AddAsync()));
        await WaitForActiveAsync(Silos, count, TimeSpan.FromSeconds(30));
        return Silos;
    }

    /// <summary>One more silo, on new ports, returned once it answers ready.</summary>
    public async Task<SiloProcess> AddAsync()
    {
        var options = SiloProcess.NewOptions(ClusterId, $"chaos{Interlocked.Increment(ref _named)}") with { Environment = Environment };
        var silo = await SiloProcess.StartAsync(options);
        lock (_silos)
        {
            _silos.Add((silo, options));
        }

        return silo;
    }

    /// <summary>SIGTERM, then the same silo (name, ports, settings) started again; returns the new process once ready.</summary>
    public async Task<SiloProcess> RestartAsync(SiloProcess silo)
    {
        var options = OptionsOf(silo);
        await silo.StopAsync();
        await RemoveAsync(silo);
        var again = await SiloProcess.StartAsync(options);
        lock (_silos)
        {
            _silos.Add((again, options));
        }

        return again;
    }

    /// <summary>A stopped or killed silo leaves the fixture's list (its process object is disposed).</summary>
    public async Task RemoveAsync(SiloProcess silo)
    {
        lock (_silos)
        {
            _silos.RemoveAll(s => s.Silo == silo);
        }

        await silo.DisposeAsync();
    }

    public int SiloPortOf(SiloProcess silo) => OptionsOf(silo).SiloPort;

    /// <summary>Waits until every one of <paramref name="silos"/> reports <paramref name="count"/> active silos; the time it took.</summary>
    public static async Task<TimeSpan> WaitForActiveAsync(IEnumerable<SiloProcess> silos, int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var expected = $"; {count} active silo(s)";
        var pending = silos.ToList();
        while (pending.Count > 0)
        {
            var seen = await Task.WhenAll(pending.Select(async s => (Silo: s, Sees: await SeesAsync(s, expected))));
            pending = seen.Where(s => !s.Sees).Select(s => s.Silo).ToList();
            if (pending.Count == 0)
            {
                break;
            }

            Assert.True(clock.Elapsed < timeout,
                $"{string.Join(", ", pending.Select(s => s.Name))} did not see {count} active silo(s) within {timeout}");
            await Task.Delay(100);
        }

        return clock.Elapsed;
    }

    /// <summary>The fields of this cluster's membership row set in Redis (one per silo that ever joined, plus the version).</summary>
    public async Task<IReadOnlyList<string>> MembershipRowsAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.Redis);
        // Orleans.Clustering.Redis keeps the table in one hash named {ServiceId}/members/{ClusterId}.
        var fields = await redis.GetDatabase().HashKeysAsync($"bss-it/members/{ClusterId}");
        return fields.Select(f => (string)f!).Where(f => f != "Version").ToArray();
    }

    private SiloProcess.Options OptionsOf(SiloProcess silo)
    {
        lock (_silos)
        {
            return _silos.Single(s => s.Silo == silo).Options;
        }
    }

    private static async Task<bool> SeesAsync(SiloProcess silo, string expected)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            using var response = await silo.Anonymous.GetAsync("/health/ready", timeout.Token);
            return (await response.Content.ReadAsStringAsync(timeout.Token)).Contains(expected, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return false;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class Chaos : ICollectionFixture<ChaosCluster>
{
    public const string Name = "chaos";
}
