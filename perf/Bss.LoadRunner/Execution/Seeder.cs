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
        return 0;
    }
}
