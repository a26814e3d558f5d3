using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Npgsql;

namespace Bss.Silo;

/// <summary>
/// Where the silo finds its dependencies. Every value comes from configuration (appsettings, environment such as
/// <c>ConnectionStrings__Postgres</c>, <c>Orleans__SiloPort</c>, or the command line) with local defaults.
/// </summary>
public sealed class SiloSettings
{
    public required string PostgresConnectionString { get; init; }
    public required string RedisConfiguration { get; init; }
    public required string ClusterId { get; init; }
    public required string ServiceId { get; init; }
    public required string SiloName { get; init; }
    public required int SiloPort { get; init; }
    public required int GatewayPort { get; init; }
    public required IPAddress AdvertisedAddress { get; init; }

    public static SiloSettings From(IConfiguration configuration)
    {
        var orleans = configuration.GetSection("Orleans");
        var siloPort = orleans.GetValue("SiloPort", 11111);
        return new SiloSettings
        {
            PostgresConnectionString = ForPgBouncer(configuration.GetConnectionString("Postgres")
                ?? "Host=127.0.0.1;Port=56432;Database=bss;Username=bss;Password=bss"),
            RedisConfiguration = configuration.GetConnectionString("Redis") ?? "127.0.0.1:56379",
            ClusterId = orleans["ClusterId"] ?? "bss-dev",
            ServiceId = orleans["ServiceId"] ?? "bss",
            SiloName = orleans["SiloName"] ?? $"{Environment.MachineName}-{siloPort}",
            SiloPort = siloPort,
            GatewayPort = orleans.GetValue("GatewayPort", 30000),
            AdvertisedAddress = orleans["AdvertisedIPAddress"] is { Length: > 0 } ip ? IPAddress.Parse(ip) : DetectAddress(),
        };
    }

    /// <summary>
    /// PgBouncer 1.18 in transaction pooling keeps no prepared statements, so Npgsql must never auto-prepare,
    /// and resetting a pooled connection on close is wasted work there.
    /// </summary>
    private static string ForPgBouncer(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxAutoPrepare = 0,
            NoResetOnClose = true,
        };
        return builder.ConnectionString;
    }

    /// <summary>In a container the silo advertises its own address; on a developer machine, loopback.</summary>
    private static IPAddress DetectAddress()
    {
        var address = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);
        return address ?? IPAddress.Loopback;
    }
}
