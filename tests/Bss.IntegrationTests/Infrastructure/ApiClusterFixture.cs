namespace Bss.IntegrationTests.Infrastructure;

/// <summary>Two silo processes forming one cluster on the real PostgreSQL, PgBouncer and Redis.</summary>
public sealed class ApiClusterFixture : IAsyncLifetime
{
    public SiloProcess Silo1 { get; private set; } = null!;

    public SiloProcess Silo2 { get; private set; } = null!;

    public HttpClient Http => Silo1.Http;

    public async Task InitializeAsync()
    {
        var clusterId = "it-api-" + Guid.NewGuid().ToString("N")[..8];
        Silo1 = await SiloProcess.StartAsync(SiloProcess.NewOptions(clusterId, "api-silo1"));
        Silo2 = await SiloProcess.StartAsync(SiloProcess.NewOptions(clusterId, "api-silo2"));
    }

    public async Task DisposeAsync()
    {
        await Silo2.DisposeAsync();
        await Silo1.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCluster : ICollectionFixture<ApiClusterFixture>
{
    public const string Name = "api-cluster";
}
