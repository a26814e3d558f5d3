using System.Diagnostics;
using System.Net;
using Bss.IntegrationTests.Infrastructure;
using Npgsql;

namespace Bss.IntegrationTests;

/// <summary>
/// The database disappears under a running silo (a cut TCP path to PgBouncer): writes and lists answer 503 with
/// Retry-After, reads of active grains keep working from memory, reads that need storage answer 503, readiness reports it, and everything recovers
/// by itself when the path comes back.
/// </summary>
public class DependencyOutageTests
{
    [Fact]
    public async Task DatabaseUnreachable_Answers503WithRetryAfter_ThenRecoversByItself()
    {
        await using var proxy = new TcpProxy(TestEnvironment.PgBouncerPort);
        var postgres = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresThroughPgBouncer) { Port = proxy.Port, Timeout = 3 };
        var options = SiloProcess.NewOptions("it-outage-" + Guid.NewGuid().ToString("N")[..8], "outage") with
        {
            Postgres = postgres.ConnectionString,
        };
        await using var silo = await SiloProcess.StartAsync(options);
        var hot = await silo.Http.CreateCustomerAsync();

        proxy.Cut();

        using (var create = await silo.Http.SendJsonAsync(HttpMethod.Post, Api.Customers, Api.NewCustomer()))
        {
            await create.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
            Assert.NotNull(create.Headers.RetryAfter);
        }

        using (var list = await silo.Http.GetAsync(Api.Customers))
        {
            await list.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
            Assert.NotNull(list.Headers.RetryAfter);
        }

        using (var read = await silo.Http.GetAsync($"{Api.Customers}/{hot["id"]}"))
        {
            Assert.Equal(hot.ToJsonString(), (await read.ExpectJsonAsync(HttpStatusCode.OK)).ToJsonString());
        }

        using (var cold = await silo.Http.GetAsync($"{Api.Customers}/{Guid.NewGuid()}"))
        {
            // Not active, so it must be loaded from storage, which is unreachable: unknown, not "not found".
            await cold.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
        }

        using (var ready = await silo.Http.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("postgres", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        proxy.Restore();

        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var retry = await silo.Http.SendJsonAsync(HttpMethod.Post, Api.Customers, Api.NewCustomer());
            if (retry.StatusCode == HttpStatusCode.Created)
            {
                break;
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, retry.StatusCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "no recovery within 30 s");
            await Task.Delay(500);
        }

        await silo.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
    }
}
