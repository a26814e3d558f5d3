using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;
using Npgsql;
using NpgsqlTypes;
using Xunit.Abstractions;
using static Bss.IntegrationTests.BillingApi;

namespace Bss.IntegrationTests;

/// <summary>
/// A billing cycle over 5,000 accounts across two silos, one of which is SIGKILLed while shards run on both: the
/// cycle resumes (shards by reminder and by the cycle asking them) to PROCESSED, and the read side shows every account
/// billed exactly once, under unique and gap-free invoice numbers.
/// </summary>
public class BillingCycleCrashTests(ITestOutputHelper output)
{
    private const int Accounts = 5000;
    private const int CreateParallelism = 32;
    private const decimal Price = 40m;
    private static readonly TimeSpan ResumeTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task SigkillDuringACycleOf5000Accounts_ResumesToProcessed_EachAccountBilledOnce_NumbersUniqueAndGapFree()
    {
        var clusterId = "it-billing-" + Guid.NewGuid().ToString("N")[..8];
        var options = new[] { SiloProcess.NewOptions(clusterId, "billing-a"), SiloProcess.NewOptions(clusterId, "billing-b") };
        var silos = new List<SiloProcess>();
        var gone = new List<SiloProcess>();
        try
        {
            silos.Add(await SiloProcess.StartAsync(options[0]));
            silos.Add(await SiloProcess.StartAsync(options[1]));
            var (a, b) = (silos[0], silos[1]);
            await WaitForAsync(async () => (await b.ReadinessAsync()).Contains("2 active silo(s)", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            var day = NewCycleDay();
            var date = NewCycleDate(day);

            // 5,000 customers, each with its account on the test's day and one subscription from the cycle date.
            var clock = Stopwatch.StartNew();
            var productId = (string)(await a.Http.CreatePricedProductAsync(Price))["id"]!;
            var customers = new string[Accounts];
            var subscriptions = new string[Accounts];
            var run = Guid.NewGuid().ToString("N")[..8];
            await Parallel.ForEachAsync(Enumerable.Range(0, Accounts), new ParallelOptions { MaxDegreeOfParallelism = CreateParallelism },
                async (i, _) =>
                {
                    var http = i % 2 == 0 ? a.Http : b.Http;
                    var customer = await SendAsync(http, HttpMethod.Post, Api.Customers, Api.NewCustomer($"BC{run}x{i}"), $"{run}-customer-{i}", HttpStatusCode.Created);
                    customers[i] = (string)customer["id"]!;
                    await SendAsync(http, HttpMethod.Put, Account(customers[i]), new JsonObject { ["billCycleDay"] = day }, null, HttpStatusCode.OK);
                    var subscription = await SendAsync(http, HttpMethod.Post, CatalogApi.Subscriptions, new JsonObject
                    {
                        ["customerId"] = customers[i],
                        ["productId"] = productId,
                        ["startDate"] = Day(date),
                    }, $"{run}-subscription-{i}", HttpStatusCode.Created);
                    subscriptions[i] = (string)subscription["id"]!;
                });
            var creation = clock.Elapsed;
            output.WriteLine($"created {Accounts} customers with a subscription and an account (day {day}) in {creation.TotalSeconds:F1} s " +
                             $"({Accounts * 3 / creation.TotalSeconds:F0} requests/s at parallelism {CreateParallelism})");

            // Start through silo A; once over 500 accounts are billed, kill the silo hosting the most shards.
            var cycleId = (string)(await a.Http.CreateCycleAsync(date))["id"]!;
            clock.Restart();
            var started = await a.Http.ProcessCycleAsync(cycleId);
            Assert.True((int)started["totalAccounts"]! >= Accounts, started.ToJsonString());
            Assert.True((int)started["shardCount"]! >= 2, started.ToJsonString());
            var before = started;
            await WaitForAsync(async () =>
            {
                before = await b.Http.GetJsonAsync($"{Cycles}/{cycleId}");
                Assert.Equal("GENERATED", (string?)before["status"]);
                return (int)before["processedAccounts"]! > 500;
            }, TimeSpan.FromMinutes(3));
            var shards = await ShardActivationsAsync(b);
            var billedBy = new Dictionary<string, long> { [a.Name] = await CycleAccountsMetricAsync(a), [b.Name] = await CycleAccountsMetricAsync(b) };
            var victimIndex = shards.GetValueOrDefault(a.Name) >= shards.GetValueOrDefault(b.Name) ? 0 : 1;
            var (victim, survivor) = (silos[victimIndex], silos[1 - victimIndex]);
            Assert.True(shards.GetValueOrDefault(victim.Name) > 0, $"no silo hosts a shard of the running cycle: {string.Join(", ", shards)}");
            await victim.KillAsync();
            var killedAt = clock.Elapsed;
            output.WriteLine($"killed {victim.Name} after {killedAt.TotalSeconds:F1} s at {before["processedAccounts"]}/{before["totalAccounts"]} accounts; " +
                             $"{before["shardCount"]} shards, active per silo: {string.Join(", ", shards.Select(s => $"{s.Key} {s.Value}"))}; " +
                             $"accounts billed by shards per silo: {string.Join(", ", billedBy.Select(s => $"{s.Key} {s.Value}"))}");
            // Shards are placed at random: with 20 of them, both silos bill (all on one has odds of 2 in a million).
            Assert.True(shards.GetValueOrDefault(survivor.Name) > 0, $"every active shard was on {victim.Name}; none on {survivor.Name}");

            await victim.DisposeAsync();
            silos.Remove(victim);
            gone.Add(victim);
            silos.Add(await SiloProcess.StartAsync(options[victimIndex] with { Name = victim.Name + "-again" }));
            output.WriteLine($"restarted {victim.Name} as {silos[^1].Name} at {clock.Elapsed.TotalSeconds:F1} s");

            var (final, failures) = await WaitUntilThroughAsync(survivor.Http, cycleId);
            var wall = clock.Elapsed;
            var total = (int)final["totalAccounts"]!;
            output.WriteLine($"cycle {cycleId} ({Day(date)}): {total} accounts, {final["shardCount"]} shards, PROCESSED {wall.TotalSeconds:F1} s after " +
                             $"POST process (wall time, including the kill, restart and resume) = {total / wall.TotalSeconds:F1} invoices/s; " +
                             $"invoicesGenerated reported {final["invoicesGenerated"]}");

            Assert.Equal("PROCESSED", (string?)final["status"]);
            Assert.Equal(total, (int)final["processedAccounts"]!);
            Assert.Equal(0, (int?)final["failedAccounts"]);
            Assert.Equal(0, (int?)final["pendingAccounts"]);
            Assert.True(total >= Accounts, final.ToJsonString());

            await using var db = NpgsqlDataSource.Create(TestEnvironment.PostgresDirect);
            await AssertEveryCustomerBilledOnceAsync(db, customers, subscriptions, date);
            await AssertNumbersOfTheYearUniqueAndGapFreeAsync(db, customers, date.Year);

            // Last, as they concern only what the cycle reports: no FAILED on the way, and the invoices it generated.
            Assert.True(failures.Count == 0, "the cycle went FAILED after the crash before a retry processed it: " + string.Join("; ", failures));
            Assert.True((int)final["invoicesGenerated"]! >= Accounts,
                $"the cycle reports {final["invoicesGenerated"]} invoices generated, but {Accounts} of its accounts each have their invoice from it");
        }
        catch
        {
            // What the silos said last (warnings and up) goes with the failure: the processes and their logs are gone after.
            foreach (var silo in gone.Concat(silos))
            {
                output.WriteLine($"--- last lines of {silo.Name} ---\n{silo.Tail(60)}");
            }

            throw;
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    /// <summary>Active billing-cycle shard grains per silo name, from the Orleans dashboard's counters (refreshed every few seconds).</summary>
    private static async Task<Dictionary<string, int>> ShardActivationsAsync(SiloProcess silo)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var counters = await silo.Http.GetJsonAsync("/dashboard/DashboardCounters");
            var names = counters["hosts"]!.AsArray().ToDictionary(h => (string)h!["siloAddress"]!, h => (string)h!["siloName"]!);
            var shards = counters["simpleGrainStats"]!.AsArray()
                .Where(g => ((string?)g!["grainType"])?.EndsWith(".BillingCycleShardGrain", StringComparison.Ordinal) == true)
                .GroupBy(g => names.GetValueOrDefault((string)g!["siloAddress"]!, (string)g!["siloAddress"]!))
                .ToDictionary(g => g.Key, g => g.Sum(x => (int)x!["activationCount"]!));
            if (shards.Values.Sum() > 0 || clock.Elapsed > TimeSpan.FromSeconds(15))
            {
                return shards;
            }

            await Task.Delay(500);
        }
    }

    /// <summary>
    /// Polls until PROCESSED. A FAILED cycle is noted (the test fails on it at the end) and processed again, as an
    /// operator would, so the billing itself is still checked.
    /// </summary>
    private async Task<(JsonObject Cycle, List<string> Failures)> WaitUntilThroughAsync(HttpClient http, string cycleId)
    {
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        var last = "";
        var lastProcessed = -1;
        while (clock.Elapsed < ResumeTimeout)
        {
            try
            {
                var asked = clock.Elapsed;
                using var response = await http.GetAsync($"{Cycles}/{cycleId}");
                last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
                if (clock.Elapsed - asked > TimeSpan.FromSeconds(1))
                {
                    output.WriteLine($"  {clock.Elapsed.TotalSeconds,6:F1} s after restart: GET took {(clock.Elapsed - asked).TotalSeconds:F1} s, {(int)response.StatusCode}");
                }

                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var cycle = JsonNode.Parse(last[5..])!.AsObject();
                    var processed = (int)cycle["processedAccounts"]!;
                    if (processed / 1000 != lastProcessed / 1000)
                    {
                        output.WriteLine($"  {clock.Elapsed.TotalSeconds,6:F1} s after restart: {cycle["status"]} {processed}/{cycle["totalAccounts"]}, failed {cycle["failedAccounts"]}");
                        lastProcessed = processed;
                    }

                    switch ((string?)cycle["status"])
                    {
                        case "PROCESSED":
                            return (cycle, failures);
                        case "FAILED":
                            failures.Add($"{cycle["failedAccounts"]} accounts failed: {cycle["failures"]!.ToJsonString()}");
                            output.WriteLine($"  cycle FAILED: {failures[^1]}; processing it again");
                            Assert.True(failures.Count < 5, "the cycle keeps failing: " + string.Join("; ", failures));
                            using (var retry = await http.PostAsync($"{Cycles}/{cycleId}/process", null))
                            {
                                Assert.True(retry.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable,
                                    $"retry answered {(int)retry.StatusCode}: {await retry.Content.ReadAsStringAsync()}");
                            }

                            break;
                    }
                }
                else
                {
                    Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"unexpected {last}");
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"cycle {cycleId} not PROCESSED within {ResumeTimeout} after the restart; last answer {last}");
    }

    private static async Task AssertEveryCustomerBilledOnceAsync(NpgsqlDataSource db, string[] customers, string[] subscriptions, DateOnly date)
    {
        var ids = customers.Select(Guid.Parse).ToArray();
        var expectedTotal = Gross(Price);

        // Per customer: its invoices, those RECURRING of the cycle date, and their totals.
        var perCustomer = new Dictionary<Guid, (long All, long Recurring, decimal? Total, string? Number)>();
        await using (var command = db.CreateCommand("""
            SELECT c.id,
                   count(i.id),
                   count(i.id) FILTER (WHERE i.doc ->> 'invoiceType' = 'RECURRING' AND i.doc ->> 'issueDate' = @date),
                   max((i.doc ->> 'totalAmount')::numeric),
                   max(i.doc ->> 'invoiceNumber')
            FROM unnest(@ids) AS c(id)
            LEFT JOIN documents i ON i.kind = 'invoice' AND i.customer_id = c.id
            GROUP BY c.id
            """))
        {
            command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = ids });
            command.Parameters.Add(new NpgsqlParameter("date", Day(date)));
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                perCustomer[reader.GetGuid(0)] = (reader.GetInt64(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetDecimal(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4));
            }
        }

        Assert.Equal(Accounts, perCustomer.Count);
        var notOnce = perCustomer.Where(c => c.Value.All != 1 || c.Value.Recurring != 1).ToList();
        Assert.True(notOnce.Count == 0,
            $"{notOnce.Count} customers without exactly one invoice, the RECURRING one of {Day(date)}: " +
            string.Join(", ", notOnce.Take(10).Select(c => $"{c.Key} ({c.Value.All} invoices, {c.Value.Recurring} recurring)")));
        var wrongTotal = perCustomer.Where(c => c.Value.Total != expectedTotal).ToList();
        Assert.True(wrongTotal.Count == 0,
            $"{wrongTotal.Count} invoices not of {expectedTotal}: " + string.Join(", ", wrongTotal.Take(10).Select(c => $"{c.Key} {c.Value.Total}")));
        var numbers = perCustomer.Values.Select(c => c.Number).ToList();
        Assert.All(numbers, n => Assert.Matches($"^FV/{date.Year}/\\d{{6}}$", n));
        Assert.Equal(Accounts, numbers.Distinct().Count());

        // Per (subscription, period start) over every line of these customers' invoices: each once, and only theirs.
        var billed = new List<(Guid Subscription, string PeriodStart, long Times)>();
        await using (var command = db.CreateCommand("""
            SELECT (l ->> 'subscriptionId')::uuid, l ->> 'periodStart', count(*)
            FROM documents i CROSS JOIN LATERAL jsonb_array_elements(i.doc -> 'items') AS l
            WHERE i.kind = 'invoice' AND i.customer_id = ANY(@ids)
            GROUP BY 1, 2
            """))
        {
            command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = ids });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                billed.Add((reader.GetGuid(0), reader.GetString(1), reader.GetInt64(2)));
            }
        }

        var twice = billed.Where(b => b.Times > 1).ToList();
        Assert.True(twice.Count == 0, $"{twice.Count} periods billed more than once: " +
            string.Join(", ", twice.Take(10).Select(b => $"{b.Subscription}/{b.PeriodStart} x{b.Times}")));
        Assert.Equal(subscriptions.Select(Guid.Parse).Order(), billed.Select(b => b.Subscription).Order());
        Assert.All(billed, b => Assert.Equal(Day(date), b.PeriodStart));
    }

    /// <summary>Every invoice number of the cycle's year, across all invoices in the read table: 1..max, each once.</summary>
    private async Task AssertNumbersOfTheYearUniqueAndGapFreeAsync(NpgsqlDataSource db, string[] customers, int year)
    {
        var numbers = new List<int>();
        await using (var command = db.CreateCommand("SELECT doc ->> 'invoiceNumber' FROM documents WHERE kind = 'invoice' AND doc ->> 'invoiceNumber' LIKE @prefix"))
        {
            command.Parameters.Add(new NpgsqlParameter("prefix", $"FV/{year}/%"));
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var number = reader.GetString(0);
                Assert.Matches($"^FV/{year}/\\d{{6}}$", number);
                numbers.Add(int.Parse(number[^6..], CultureInfo.InvariantCulture));
            }
        }

        var max = numbers.Max();
        output.WriteLine($"invoice numbers of {year}: {numbers.Count}, highest {max}");
        var duplicates = numbers.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var missing = Enumerable.Range(1, max).Except(numbers).ToList();
        Assert.True(duplicates.Count == 0, $"numbers of {year} used twice: {string.Join(", ", duplicates.Take(20))}");
        Assert.True(missing.Count == 0, $"{missing.Count} gaps in the numbers of {year} (1..{max}): {string.Join(", ", missing.Take(20))}");
        Assert.True(numbers.Count >= customers.Length);
    }

    /// <summary>Accounts the silo's cycle shards have billed since it started (bss.billing.cycle_accounts, any outcome).</summary>
    private static async Task<long> CycleAccountsMetricAsync(SiloProcess silo)
    {
        var text = await silo.MetricsAsync();
        return (long)text.Split('\n')
            .Where(l => l.StartsWith("bss_billing_cycle_accounts_total", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    /// <summary>A request retried on 503 and lost answers (POSTs carry an Idempotency-Key, so a retry is applied once).</summary>
    private static async Task<JsonObject> SendAsync(HttpClient http, HttpMethod method, string path, JsonObject body, string? key, HttpStatusCode expected)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var response = await http.SendJsonAsync(method, path, body, r =>
                {
                    if (key is not null)
                    {
                        r.Headers.Add("Idempotency-Key", key);
                    }
                });
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 5)
                {
                    await Task.Delay(500 * attempt);
                    continue;
                }

                return await response.ExpectJsonAsync(expected);
            }
            catch (Exception e) when ((e is HttpRequestException or TaskCanceledException) && attempt < 5)
            {
                await Task.Delay(500 * attempt);
            }
        }
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < timeout, "condition not met in time");
            await Task.Delay(200);
        }
    }
}
