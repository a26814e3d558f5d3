using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bss.LoadRunner.Reporting;

/// <summary>
/// perf/bench's report: reads the measurements one bench run left in a folder (raw/&lt;key&gt;.r&lt;round&gt;.json,
/// each holding a "total" stats object, raw/&lt;key&gt;.r&lt;round&gt;.txt, what wrk printed, memory.json,
/// h-billing.json and statements/&lt;key&gt;.r&lt;round&gt;.tsv), takes the median of the rounds per scenario, and
/// writes bench.json and bench.md with the ratios, the issue's goals and the database's top statements.
/// </summary>
internal static class BenchReport
{
    private static readonly (string Key, string Label)[] Rows =
    [
        ("a-plain", "(a) plain ASP.NET Core endpoint, 64 conns"),
        ("a-plain-wrk", "(a) plain endpoint, wrk, 64 conns"),
        ("b-upsert", "(b) pgbench upsert via PgBouncer, 64 clients"),
        ("b-select", "(b) pgbench select via PgBouncer, 64 clients"),
        ("b-storage", "(b) pgbench: our storage write (grain row + read-model trigger), 64 clients"),
        ("c-reads", "(c) hot reads by id, 64 VUs"),
        ("c-reads-wrk", "(c) hot reads by id, wrk, 64 conns (one thread per silo)"),
        ("d-updates", "(d) updates, 64 VUs"),
        ("e-creates", "(e) creates, 64 VUs"),
        ("f-load", "(f) load mix, 50 VUs"),
        ("g-stress", "(g) stress mix, 200 VUs"),
    ];

    public sealed record Row(string Key, string Label, int Rounds, double? Rps, double? P50, double? P95, double? P99, long Requests, long Failed);

    public sealed record Goal(string Measure, string Target, string Actual, bool? Met);

    /// <summary>The scenario whose rows are not requests: one billing cycle, its rate in invoices per second.</summary>
    private const string Billing = "h-billing";

    /// <summary>How many statements per scenario the report prints (the files keep more).</summary>
    private const int TopStatements = 3;

    public static async Task<int> RunAsync(string folder, TextWriter output, CancellationToken cancel)
    {
        var rows = Rows.Select(r => Aggregate(r.Key, r.Label, ReadRounds(folder, r.Key))).ToList();
        var memory = await ReadObjectAsync(Path.Combine(folder, "memory.json"), cancel);
        var billing = await ReadObjectAsync(Path.Combine(folder, Billing + ".json"), cancel);
        rows.Add(BillingRow(billing));
        var statements = ReadStatements(folder, rows.Select(r => r.Key));
        var goals = Goals(rows, memory);
        var markdown = Markdown(rows, goals, memory) + BillingText(billing) + StatementsMarkdown(rows, statements);

        var json = new JsonObject
        {
            ["schema"] = "bss-bench/1",
            ["scenarios"] = JsonSerializer.SerializeToNode(rows, RunSummary.Json),
            ["goals"] = JsonSerializer.SerializeToNode(goals, RunSummary.Json),
            ["memory"] = memory.DeepClone(),
            ["billing"] = billing.DeepClone(),
            ["statements"] = JsonSerializer.SerializeToNode(statements, RunSummary.Json),
        };
        await File.WriteAllTextAsync(Path.Combine(folder, "bench.json"), json.ToJsonString(RunSummary.Json), cancel);
        await File.WriteAllTextAsync(Path.Combine(folder, "bench.md"), markdown, cancel);
        await output.WriteLineAsync(markdown);
        return 0;
    }

    private static async Task<JsonObject> ReadObjectAsync(string path, CancellationToken cancel) =>
        File.Exists(path) ? JsonNode.Parse(await File.ReadAllTextAsync(path, cancel)) as JsonObject ?? [] : [];

    /// <summary>A scenario's rounds: the runner's and pgbench's summaries (.json), wrk's printed output (.txt).</summary>
    private static List<StatsSnapshot> ReadRounds(string folder, string key)
    {
        var raw = Path.Combine(folder, "raw");
        if (!Directory.Exists(raw))
        {
            return [];
        }

        return Directory.GetFiles(raw, key + ".r*.*")
            .Where(f => Path.GetFileName(f)[(key.Length + 2)..].TrimStart("0123456789".ToCharArray()) is ".json" or ".txt")
            .Order(StringComparer.Ordinal)
            .Select(f => f.EndsWith(".txt", StringComparison.Ordinal)
                ? WrkOutput.Parse(File.ReadAllText(f))
                : JsonNode.Parse(File.ReadAllText(f))?["total"]?.Deserialize<StatsSnapshot>(RunSummary.Json))
            .OfType<StatsSnapshot>()
            .ToList();
    }

    /// <summary>Per scenario, the statements of its last round (the one the caches are warmest for).</summary>
    private static Dictionary<string, StatementTable> ReadStatements(string folder, IEnumerable<string> keys)
    {
        var dir = Path.Combine(folder, "statements");
        var tables = new Dictionary<string, StatementTable>(StringComparer.Ordinal);
        if (!Directory.Exists(dir))
        {
            return tables;
        }

        foreach (var key in keys)
        {
            var last = Directory.GetFiles(dir, key + ".*tsv").Order(StringComparer.Ordinal).LastOrDefault();
            if (last is not null)
            {
                tables[key] = StatementTable.Parse(File.ReadAllText(last));
            }
        }

        return tables;
    }

    /// <summary>(h) as a row of the table: invoices/s in the req/s column, invoices as requests, failed accounts as errors.</summary>
    public static Row BillingRow(JsonObject billing)
    {
        var label = billing["totalAccounts"] is { } accounts
            ? $"(h) billing cycle over {accounts} accounts: invoices/s, invoices, failed accounts"
            : "(h) billing cycle: invoices/s, invoices, failed accounts";
        return billing.Count == 0
            ? new Row(Billing, label, 0, null, null, null, null, 0, 0)
            : new Row(Billing, label, 1, Number(billing["invoicesPerSecond"]), null, null, null,
                (long)(Number(billing["invoices"]) ?? 0), (long)(Number(billing["failedAccounts"]) ?? 0));
    }

    /// <summary>A JSON number whichever CLR type holds it (read from a file or built in memory).</summary>
    private static double? Number(JsonNode? node) =>
        node is JsonValue value && double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;

    /// <summary>The median of the rounds for rates and percentiles (robust to one disturbed round); counts add up.</summary>
    public static Row Aggregate(string key, string label, IReadOnlyList<StatsSnapshot> rounds) => new(
        key, label, rounds.Count,
        Median(rounds.Select(r => r.Rps)),
        Median(rounds.Select(r => r.LatencyMs.P50)),
        Median(rounds.Select(r => r.LatencyMs.P95)),
        Median(rounds.Select(r => r.LatencyMs.P99)),
        rounds.Sum(r => r.Requests),
        rounds.Sum(r => r.Failed));

    public static double? Median(IEnumerable<double?> values)
    {
        var sorted = values.OfType<double>().Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static List<Goal> Goals(List<Row> rows, JsonObject memory)
    {
        Row Get(string key) => rows.Single(r => r.Key == key);
        double? Ratio(string a, string b) => Get(a).Rps / Get(b).Rps;
        var (reads, load, stress, billing) = (Get("c-reads"), Get("f-load"), Get("g-stress"), Get(Billing));
        var perHundredThousand = RssMbPer100k(memory);

        return
        [
            Check("hot read / plain (c)/(a)", "≥ 0.70", Ratio("c-reads", "a-plain"), r => r >= 0.70, "0.00"),
            Check("hot read / plain (c)/(a), both by wrk", "≥ 0.70", Ratio("c-reads-wrk", "a-plain-wrk"), r => r >= 0.70, "0.00"),
            Check("hot read p99 (c)", "≤ 10 ms", reads.P99, p => p <= 10, "0.0 ms"),
            Check("hot read p99 (c), wrk", "≤ 10 ms", Get("c-reads-wrk").P99, p => p <= 10, "0.0 ms"),
            Check("update / pgbench upsert (d)/(b)", "≥ 0.45", Ratio("d-updates", "b-upsert"), r => r >= 0.45, "0.00"),
            Check("create / pgbench upsert (e)/(b)", "≥ 0.35", Ratio("e-creates", "b-upsert"), r => r >= 0.35, "0.00"),
            Check("load mix rps (f)", "≥ 7,000 req/s", load.Rps, r => r >= 7000, "N0"),
            Check("load mix p95 (f)", "≤ 25 ms", load.P95, p => p <= 25, "0.0 ms"),
            Check("load mix errors (f)", "0", load.Rounds > 0 ? load.Failed : null, f => f == 0, "N0"),
            Check("stress errors (g)", "0 (old 5.9 %)", stress.Rounds > 0 ? stress.Failed : null, f => f == 0, "N0"),
            Check("stress p99 (g)", "≤ 250 ms", stress.P99, p => p <= 250, "0.0 ms"),
            Check("RSS per 100,000 active customers", "≤ 300 MB", perHundredThousand, m => m <= 300, "0 MB"),
            Check("billing cycle invoices/s (h)", "≥ 1,000", billing.Rps, r => r >= 1000, "N0"),
            Check("billing cycle failed accounts (h)", "0", billing.Rounds > 0 ? billing.Failed : null, f => f == 0, "N0"),
            Info("runner / wrk on the plain endpoint (a): below 1, the runner's own cost caps what it measures", Ratio("a-plain", "a-plain-wrk")),
            Info("runner / wrk on hot reads (c)", Ratio("c-reads", "c-reads-wrk")),
            Info("our storage write / pgbench upsert (b)/(b): the database's own ceiling for (d)", Ratio("b-storage", "b-upsert")),
            Info("update / our storage write (d)/(b storage): what the grain and HTTP layers leave of it", Ratio("d-updates", "b-storage")),
        ];
    }

    /// <summary>A ratio that explains a goal rather than being one (shown with "-" in the met column).</summary>
    private static Goal Info(string measure, double? actual) =>
        new(measure, "context", actual is { } a ? a.ToString("0.00", CultureInfo.InvariantCulture) : "-", null);

    private static Goal Check(string measure, string target, double? actual, Func<double, bool> met, string format)
    {
        var text = actual is { } a
            ? format.EndsWith(" ms", StringComparison.Ordinal) || format.EndsWith(" MB", StringComparison.Ordinal)
                ? a.ToString(format[..^3], CultureInfo.InvariantCulture) + format[^3..]
                : a.ToString(format, CultureInfo.InvariantCulture)
            : "-";
        return new Goal(measure, target, text, actual is { } v ? met(v) : null);
    }

    private static string Markdown(List<Row> rows, List<Goal> goals, JsonObject memory)
    {
        static string N(double? v, string format) => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "-";
        var md = new StringBuilder();
        md.AppendLine("| scenario | rounds | req/s | p50 ms | p95 ms | p99 ms | requests | errors |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Label} | {r.Rounds} | {N(r.Rps, "N0")} | {N(r.P50, "0.00")} | {N(r.P95, "0.00")} | {N(r.P99, "0.00")} | {r.Requests:N0} | {r.Failed:N0} |");
        }

        md.AppendLine();
        md.AppendLine("| goal | target | measured | met |");
        md.AppendLine("|---|---|---:|---|");
        foreach (var g in goals)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {g.Measure} | {g.Target} | {g.Actual} | {g.Met switch { true => "yes", false => "NO", null => "-" }} |");
        }

        md.AppendLine();
        md.AppendLine("| silo | pid | RSS before seed MB | RSS after seed MB | peak RSS (VmHWM) MB |");
        md.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var silo in memory["silos"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {silo["name"]} | {silo["pid"]} | {Mb(silo["rssBeforeSeedKb"])} | {Mb(silo["rssAfterSeedKb"])} | {Mb(silo["peakKb"])} |");
        }

        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Active customer grains after seeding: {memory["activeCustomers"]}; seeded in {memory["seedSeconds"]} s. " +
            $"RSS growth per 100,000 active customers (all silos): {N(RssMbPer100k(memory), "0")} MB.");
        return md.ToString();
    }

    private static string BillingText(JsonObject billing) => billing.Count == 0
        ? ""
        : string.Create(CultureInfo.InvariantCulture,
            $"\nBilling cycle (h) for {billing["cycleDate"]}: {billing["status"]}, {billing["invoices"]} invoices for {billing["totalAccounts"]} accounts " +
            $"({billing["processedAccounts"]} processed, {billing["failedAccounts"]} failed) in {billing["shardCount"]} shards, " +
            $"{billing["seconds"]} s from the request to the end = {billing["invoicesPerSecond"]} invoices/s.\n");

    /// <summary>
    /// The database's share per scenario: pg_stat_statements' sum over the scenario's last round and its
    /// <see cref="TopStatements"/> statements with the longest total execution time.
    /// </summary>
    public static string StatementsMarkdown(IReadOnlyList<Row> rows, IReadOnlyDictionary<string, StatementTable> statements)
    {
        if (statements.Count == 0)
        {
            return "";
        }

        static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
        var md = new StringBuilder();
        md.AppendLine();
        md.AppendLine("Database time per scenario (pg_stat_statements, reset before the scenario's last round; statements/ has the top 20):");
        md.AppendLine();
        md.AppendLine("| scenario | all statements: calls, total ms | top statements: calls, total ms, mean ms, rows, share | query |");
        md.AppendLine("|---|---|---|---|");
        foreach (var row in rows)
        {
            if (!statements.TryGetValue(row.Key, out var table))
            {
                continue;
            }

            var all = table.All is { } a ? $"{a.Calls:N0} calls, {F(a.TotalMs, "N0")} ms" : "-";
            if (table.Top.Count == 0)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {row.Key} | {all} | - | no statement ran |");
                continue;
            }

            var first = true;
            foreach (var s in table.Top.Take(TopStatements))
            {
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {(first ? row.Key : "")} | {(first ? all : "")} | {s.Calls:N0}, {F(s.TotalMs, "N0")} ms, {F(s.MeanMs, "0.000")} ms, {s.Rows:N0}, {F(s.SharePercent, "0")} % | `{StatementTable.Shorten(s.Query, 100)}` |");
                first = false;
            }
        }

        return md.ToString();
    }

    /// <summary>What seeding added to the silos' resident memory, per 100,000 customers it activated.</summary>
    public static double? RssMbPer100k(JsonObject memory)
    {
        var silos = memory["silos"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
        var customers = (double?)memory["activeCustomers"] ?? 0;
        if (silos.Count == 0 || customers <= 0)
        {
            return null;
        }

        var grownKb = silos.Sum(s => ((double?)s["rssAfterSeedKb"] ?? 0) - ((double?)s["rssBeforeSeedKb"] ?? 0));
        return grownKb / 1024 / customers * 100_000;
    }

    private static string Mb(JsonNode? kilobytes) =>
        kilobytes is null ? "-" : ((double)kilobytes / 1024).ToString("0", CultureInfo.InvariantCulture);
}
