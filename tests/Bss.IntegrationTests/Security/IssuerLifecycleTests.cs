using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests.Security;

/// <summary>
/// A silo of its own against an issuer of its own: while the issuer is down, a request the silo cannot check is a 503
/// with Retry-After (not the caller's fault); once it is up, its tokens pass; when it rotates to a new signing key,
/// the silo takes the new key from the JWKS without a restart, and tokens of the old, still published key keep working.
/// </summary>
public class IssuerLifecycleTests
{
    [Fact]
    public async Task Silo_SurvivesTheIssuerBeingDownAndFollowsItsKeyRotationWithoutARestart()
    {
        await using var issuer = new IssuerProcess();
        var options = SiloProcess.NewOptions("it-issuer-" + Guid.NewGuid().ToString("N")[..8], "issuer-silo") with
        {
            Environment = new Dictionary<string, string>
            {
                ["Auth__Authority"] = issuer.Issuer,
                ["Auth__KeyRefreshInterval"] = "00:00:01",
            },
        };
        await using var silo = await SiloProcess.StartAsync(options);

        using (var unreachable = await GetCustomersAsync(silo, ForgedTokens.Valid()))
        {
            await unreachable.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
            Assert.NotNull(unreachable.Headers.RetryAfter);
        }

        await issuer.StartAsync();
        var firstKeyToken = await issuer.TokenAsync(Identity.Viewer);
        Assert.Equal(HttpStatusCode.OK, await EventuallyAsync(silo, firstKeyToken));

        await issuer.StopAsync();
        using (var rsa = RSA.Create(2048))
        {
            // Named to sort after the first key, so the restarted issuer signs with it and publishes both.
            await File.WriteAllTextAsync(Path.Combine(issuer.KeysDirectory, "zz-rotated.pem"), rsa.ExportPkcs8PrivateKeyPem());
        }

        await issuer.StartAsync();
        var rotatedKeyToken = await issuer.TokenAsync(Identity.Viewer);

        Assert.Equal(HttpStatusCode.OK, await EventuallyAsync(silo, rotatedKeyToken));
        using var old = await GetCustomersAsync(silo, firstKeyToken);
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
    }

    /// <summary>The status once the silo has had a moment to fetch the issuer's keys (it refreshes at most once a second here).</summary>
    private static async Task<HttpStatusCode> EventuallyAsync(SiloProcess silo, string token)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var response = await GetCustomersAsync(silo, token);
            if (response.StatusCode == HttpStatusCode.OK || deadline.Elapsed > TimeSpan.FromSeconds(20))
            {
                return response.StatusCode;
            }

            await Task.Delay(250);
        }
    }

    private static async Task<HttpResponseMessage> GetCustomersAsync(SiloProcess silo, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Api.Customers + "?size=1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await silo.Anonymous.SendAsync(request);
    }
}
