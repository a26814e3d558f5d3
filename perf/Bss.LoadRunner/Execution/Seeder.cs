using System.Diagnostics;
using System.Globalization;
using System.Text;
using Bss.ClientAuth;

namespace Bss.LoadRunner.Execution;

/// <summary>
/// Creates many records through the API, concurrently, with the resource's create template, and writes them one
/// JSON object a line: the bench's data set, and a shared pool for later runs (--shared).
/// </summary>
internal static class Seeder
{
    public static async Task<int> RunAsync(RunnerOptions options, Scenarios.ScenarioFile file, AccessTokenSource tokens, TextWriter output,
        CancellationToken cancel)
    {
        if (!file.Resources.TryGetValue(options.Resource, out var resource))
        {
            throw new ArgumentException($"resource '{options.Resource}' is not in the scenario file");
        }

        using var http = new HttpDriver(options.BaseUrls, options.Concurrency + 8, options.Timeout, tokens);
        var data = new DataPools("seed" + Guid.NewGuid().ToString("N")[..6], file.SurnameSyllables);
        var clock = Stopwatch.StartNew();
        var lastReport = clock.Elapsed;
        void Report(int done)
        {
            if (done % 1000 != 0 || clock.Elapsed - lastReport < TimeSpan.FromSeconds(5))
            {
                return;
            }

            lastReport = clock.Elapsed;
            lock (output)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"seed: {done:N0}/{options.Count:N0} {options.Resource} records, {done / clock.Elapsed.TotalSeconds:N0}/s"));
            }
        }

        var records = await data.CreateAsync(options.Resource, resource.Create, options.Count, options.Concurrency, http, cancel, Report);
        await File.WriteAllLinesAsync(options.Out!, records.Select(r => r.ToJsonString()), new UTF8Encoding(false), cancel);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seed: created {records.Count:N0} {options.Resource} records in {clock.Elapsed.TotalSeconds:0.0} s ({records.Count / clock.Elapsed.TotalSeconds:N0}/s) -> {options.Out}"));
        if (options.Subscriptions)
        {
            await SubscribeAsync(file, data, records, options, http, output, cancel);
        }

        return 0;
    }

    /// <summary>
    /// One ACTIVE subscription per seeded customer, all on one product this seed creates: the accounts a billing
    /// cycle over them bills (bench scenario h).
    /// </summary>
    private static async Task SubscribeAsync(Scenarios.ScenarioFile file, DataPools data, IReadOnlyList<System.Text.Json.Nodes.JsonObject> customers,
        RunnerOptions options, HttpDriver http, TextWriter output, CancellationToken cancel)
    {
        if (!file.Resources.TryGetValue("product", out var product) || !file.Resources.TryGetValue("subscription", out var subscription))
        {
            throw new ArgumentException("--subscriptions needs the resources 'product' and 'subscription' in the scenario file");
        }

        data.UseShared("product", await data.CreateAsync("product", product.Create, 1, 1, http, cancel));
        var clock = Stopwatch.StartNew();
        var created = await data.CreateForEachAsync("subscription", subscription.Create, "customer", customers, options.Concurrency, http, cancel);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seed: created {created.Count:N0} subscriptions (one per customer) in {clock.Elapsed.TotalSeconds:0.0} s ({created.Count / clock.Elapsed.TotalSeconds:N0}/s)"));
    }
}
