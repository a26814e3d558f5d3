using System.Net;
using System.Net.Sockets;

namespace Bss.IntegrationTests.Infrastructure;

/// <summary>
/// The real services the tests talk to. dev/test starts PostgreSQL, PgBouncer and Redis and exports their
/// addresses (see dev/services env test); without them these tests fail loudly rather than skip.
/// </summary>
public static class TestEnvironment
{
    public static string PostgresThroughPgBouncer => Required("ConnectionStrings__Postgres");

    public static string PostgresDirect => Required("BSS_PG_DIRECT");

    public static string Redis => Required("ConnectionStrings__Redis");

    /// <summary>The token Prometheus would send to /metrics; the silos the tests start accept it.</summary>
    public static string ScrapeToken { get; } = "scrape-" + Guid.NewGuid().ToString("N");

    /// <summary>
    /// The billing date window the test silos allow ahead of today (Limits:BillingDateFutureDays): 100 years, for the
    /// billing tests' dates of 2030–2090 (and a month after).
    /// </summary>
    public const int BillingDateFutureDays = 36_500;

    public static int PgBouncerPort => int.Parse(Required("BSS_PGBOUNCER_PORT"), System.Globalization.CultureInfo.InvariantCulture);

    public static string RepositoryRoot { get; } = FindRoot();

    public static string SiloAssembly
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("BSS_SILO_DLL");
            if (!string.IsNullOrEmpty(configured))
            {
                return configured;
            }

            // Same configuration as this test assembly (bin/<Configuration>/net10.0).
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            var path = Path.Combine(RepositoryRoot, "src", "Bss.Silo", "bin", configuration, "net10.0", "Bss.Silo.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first: silo not found", path);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set. Integration tests need the real PostgreSQL, PgBouncer, Redis and the OpenID Connect issuer: run them with dev/test.");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bss.Orleans.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Bss.Orleans.sln not found above " + AppContext.BaseDirectory);
    }
}
