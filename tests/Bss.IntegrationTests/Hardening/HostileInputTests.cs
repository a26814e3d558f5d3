using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Bss.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Bss.IntegrationTests.Hardening;

/// <summary>
/// At least 10,000 generated bad requests (<see cref="HostileRequests"/>) over every operation of the OpenAPI
/// document, as SUPER_ADMIN so they reach the handlers, spread over both silos: none may answer 5xx, every
/// non-2xx answer is problem+json, and the cluster is healthy and serving afterwards.
/// </summary>
[Collection(ApiCluster.Name)]
public class HostileInputTests(ApiClusterFixture cluster, ITestOutputHelper output)
{
    private const int Requests = 10_000;
    private const int Parallelism = 16;

    [Fact]
    public async Task GeneratedBadRequests_OnEveryRoute_AnswerNo5xx_OnlyProblemJson_AndLeaveTheClusterHealthy()
    {
        var document = await cluster.Http.GetJsonAsync("/openapi/v1.json");
        var operations = ApiOperation.From(document);
        Assert.True(operations.Count >= 80, $"only {operations.Count} operations in the OpenAPI document");
        var seed = (ulong)System.Random.Shared.NextInt64();
        var requests = HostileRequests.Sample(operations, Requests, seed);

        var statuses = new ConcurrentDictionary<int, int>();
        var failures = new ConcurrentQueue<string>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(requests.Select((request, i) => (request, i)), new ParallelOptions { MaxDegreeOfParallelism = Parallelism },
            async (item, cancel) =>
            {
                var silo = item.i % 2 == 0 ? cluster.Silo1 : cluster.Silo2;
                var (status, problem) = await SendAsync(silo.Http, item.request, cancel);
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                if (status >= 500 || problem is not null)
                {
                    failures.Enqueue($"{status} {silo.Name}: {item.request}{(problem is null ? "" : "\n    " + problem)}");
                }
            });
        clock.Stop();

        var byClass = statuses.GroupBy(s => $"{s.Key / 100}xx").ToDictionary(g => g.Key, g => g.Sum(s => s.Value));
        output.WriteLine($"seed {seed}: {requests.Count} requests over {operations.Count} operations in {clock.Elapsed.TotalSeconds:F1} s " +
                         $"({requests.Count / clock.Elapsed.TotalSeconds:F0}/s at parallelism {Parallelism})");
        output.WriteLine("by class: " + HostileRequests.Describe(byClass));
        output.WriteLine("by status: " + HostileRequests.Describe(statuses.ToDictionary(s => s.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), s => s.Value)));

        Assert.True(requests.Count >= Requests, $"only {requests.Count} requests generated");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {requests.Count} answers were 5xx or not problem+json (seed {seed}):\n" +
                                       string.Join("\n", failures.OrderBy(f => f.StartsWith("599", StringComparison.Ordinal)).Take(25)));
        await AssertHealthyAsync();
    }

    /// <summary>Sends one request; answers the status and, for a non-2xx answer that is not problem+json, what was wrong.</summary>
    private static async Task<(int Status, string? Problem)> SendAsync(HttpClient http, HostileRequest hostile, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(new HttpMethod(hostile.Method), hostile.Url);
        if (hostile.Body is not null)
        {
            request.Content = new ByteArrayContent(hostile.Body);
            if (hostile.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", hostile.ContentType);
            }
        }

        if (hostile.Body is { Length: > 256 * 1024 })
        {
            // As a well-behaved client of a large upload: wait for the server's go-ahead, so a 413 is read instead of
            // the reset of a connection the server closes while the body is still being sent.
            request.Headers.ExpectContinue = true;
        }

        foreach (var (name, value) in hostile.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        try
        {
            using var response = await http.SendAsync(request, cancel);
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync(cancel);
            if (status is >= 200 and < 300)
            {
                return (status, null);
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType;
            return mediaType == "application/problem+json" && body.Contains("\"code\"", StringComparison.Ordinal)
                ? (status, null)
                : (status, $"answered {mediaType ?? "no content type"}: {(body.Length > 200 ? body[..200] : body)}");
        }
        catch (HttpRequestException e)
        {
            // The silo closed the connection without an answer: as bad as a 500 for the client.
            return (599, $"no answer: {e.Message}");
        }
    }

    private async Task AssertHealthyAsync()
    {
        foreach (var silo in new[] { cluster.Silo1, cluster.Silo2 })
        {
            using var ready = await silo.Anonymous.GetAsync("/health/ready");
            Assert.True(ready.StatusCode == HttpStatusCode.OK, $"{silo.Name} not ready: {await ready.Content.ReadAsStringAsync()}");
        }

        var created = await cluster.Silo1.Http.CreateCustomerAsync();
        using var read = await cluster.Silo2.Http.GetAsync($"{Api.Customers}/{created["id"]}");
        var customer = await read.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal((string?)created["lastName"], (string?)customer["lastName"]);
        Assert.Equal(new EntityTagHeaderValue("\"1\""), read.Headers.ETag);
    }
}
