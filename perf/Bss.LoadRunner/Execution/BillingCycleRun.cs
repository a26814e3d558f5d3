using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Bss.ClientAuth;
using Bss.LoadRunner.Scenarios;

namespace Bss.LoadRunner.Execution;

/// <summary>
/// Bench scenario (h): one billing cycle, created with process: true and followed until it is PROCESSED or FAILED.
/// The clock runs from the POST to the first answer showing the end, so the rate includes fixing the accounts,
/// the shards' start and their last report, and is read at most half a second late.
/// </summary>
internal static class BillingCycleRun
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(RunnerOptions options, AccessTokenSource tokens, TextWriter output, CancellationToken cancel)
    {
        using var http = new HttpDriver(options.BaseUrls, 4, options.Timeout, tokens);
        var date = options.CycleDate!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var create = new RequestTemplate("POST", "/api/v1/billing/cycles", Body: new JsonObject { ["cycleDate"] = date, ["process"] = true });
        var clock = Stopwatch.StartNew();
        var created = await http.SendAsync(create, new TemplateContext("", () => "", _ => []), cancel);
        var cycle = created.Status is 201 or 202 ? created.Json() : null;
        var id = cycle?["id"]?.GetValue<string>()
            ?? throw new InvalidOperationException($"creating the billing cycle for {date} answered {created.Status}: {created.Error ?? created.Body}");
        output.WriteLine($"billing: cycle {id} for {date}: {cycle!["totalAccounts"]} accounts in {cycle["shardCount"]} shards");

        var deadline = options.Duration ?? TimeSpan.FromMinutes(30);
        var lastProgress = TimeSpan.Zero;
        while (!IsFinished(cycle) && clock.Elapsed < deadline)
        {
            await Task.Delay(PollInterval, cancel);
            var polled = await http.GetAsync($"/api/v1/billing/cycles/{id}", cancel);
            cycle = polled.Status == 200 ? polled.Json() ?? cycle : cycle;
            if (clock.Elapsed - lastProgress >= ProgressInterval)
            {
                lastProgress = clock.Elapsed;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"billing: {clock.Elapsed.TotalSeconds:0} s: {cycle["processedAccounts"]} processed, {cycle["failedAccounts"]} failed, {cycle["pendingAccounts"]} pending, {cycle["invoicesGenerated"]} invoices"));
            }
        }

        var result = Result(cycle, clock.Elapsed);
        await File.WriteAllTextAsync(options.Out!, result.ToJsonString(Reporting.RunSummary.Json), cancel);
        output.WriteLine($"billing: {result["status"]}: {result["invoices"]} invoices for {result["totalAccounts"]} accounts in {result["seconds"]} s = {result["invoicesPerSecond"]} invoices/s, {result["failedAccounts"]} failed -> {options.Out}");
        return IsFinished(cycle) ? LoadRunnerApp.Passed : LoadRunnerApp.RunFailed;
    }

    private static bool IsFinished(JsonObject cycle) => cycle["status"]?.GetValue<string>() is "PROCESSED" or "FAILED";

    /// <summary>What the bench report reads: the cycle's counts, the seconds it took and the invoices per second.</summary>
    public static JsonObject Result(JsonObject cycle, TimeSpan elapsed)
    {
        var invoices = (int?)cycle["invoicesGenerated"] ?? 0;
        var seconds = Math.Round(elapsed.TotalSeconds, 2);
        return new JsonObject
        {
            ["cycleId"] = cycle["id"]?.DeepClone(),
            ["cycleDate"] = cycle["cycleDate"]?.DeepClone(),
            ["status"] = IsFinished(cycle) ? cycle["status"]?.DeepClone() : "TIMED_OUT",
            ["totalAccounts"] = cycle["totalAccounts"]?.DeepClone(),
            ["processedAccounts"] = cycle["processedAccounts"]?.DeepClone(),
            ["failedAccounts"] = cycle["failedAccounts"]?.DeepClone(),
            ["shardCount"] = cycle["shardCount"]?.DeepClone(),
            ["invoices"] = invoices,
            ["seconds"] = seconds,
            ["invoicesPerSecond"] = seconds > 0 ? Math.Round(invoices / seconds, 1) : null,
            ["failures"] = new JsonArray([.. (cycle["failures"]?.AsArray() ?? []).Take(10).Select(f => f?.DeepClone())]),
        };
    }
}
