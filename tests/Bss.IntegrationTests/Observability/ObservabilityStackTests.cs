using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bss.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Bss.IntegrationTests.Observability;

/// <summary>
/// The shipped dashboards, alert rules and exporters against a real Prometheus and Alertmanager scraping a real
/// two-silo cluster (<see cref="ObservabilityStackFixture"/>). The tests hold whichever order they run in: the killed
/// silo leaves the other one's series, and the database's, in place, and the dashboards are checked as the load left
/// them too, for the series only the killed silo had.
/// </summary>
public sealed partial class ObservabilityStackTests(ObservabilityStackFixture stack, ITestOutputHelper output)
    : IClassFixture<ObservabilityStackFixture>
{
    /// <summary>
    /// Metrics that exist only once their event happened, which a healthy short run never sees; each panel showing one
    /// falls back to a zero built from a metric that does exist (and AlertRulesTests shows the write errors appear).
    /// </summary>
    private static readonly Dictionary<string, string> EmittedOnlyOnEvent = new()
    {
        ["orleans_storage_write_errors_total"] = "Orleans creates it on the first failed write",
        ["orleans_storage_read_errors_total"] = "Orleans creates it on the first failed read",
        ["orleans_reminders_tardiness_seconds_bucket"] = "recorded on a reminder tick; reminders tick once a minute at most",
    };

    private static readonly string DashboardsDir = Path.Combine(TestEnvironment.RepositoryRoot, "dev", "compose", "grafana", "dashboards");

    [Fact]
    public async Task DashboardPanels_TwoSilosAfterLoad_EveryQueryReturnsData()
    {
        var known = (await NamesAsync()).ToHashSet(StringComparer.Ordinal);
        var failures = new List<string>();
        var checkedPanels = 0;
        var checkedQueries = 0;
        var files = Directory.GetFiles(DashboardsDir, "*.json").Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count >= 5, $"expected the Overview, Business, Orleans, Runtime and Database dashboards in {DashboardsDir}");

        foreach (var file in files)
        {
            var dashboard = JsonNode.Parse(await File.ReadAllTextAsync(file))!.AsObject();
            foreach (var panel in Panels(dashboard))
            {
                var where = $"{Path.GetFileName(file)} / \"{panel["title"]}\"";
                var targets = panel["targets"]?.AsArray() ?? [];
                if (targets.Count == 0)
                {
                    failures.Add($"{where}: no query");
                }

                checkedPanels++;
                foreach (var target in targets)
                {
                    checkedQueries++;
                    var expr = Substitute((string)target!["expr"]!);
                    foreach (var name in MetricNames(expr).Where(n => !known.Contains(n) && !EmittedOnlyOnEvent.ContainsKey(n)))
                    {
                        failures.Add($"{where}: queries {name}, which nothing emits");
                    }

                    // As the load left it (another test may have killed a silo since), or as it is now.
                    if ((await stack.QueryAsync(expr, stack.LoadedAt)).Count == 0 && (await stack.QueryAsync(expr)).Count == 0)
                    {
                        failures.Add($"{where}: no data for {expr}");
                    }
                }
            }
        }

        output.WriteLine($"{checkedPanels} panels ({checkedQueries} queries) in {files.Count} dashboards checked against Prometheus");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.True(checkedPanels >= 60, $"only {checkedPanels} panels");
    }

    [Fact]
    public async Task Scrape_TwoSilos_BusinessAndOrleansSeriesCarryTheSiloName()
    {
        // The label Prometheus' discovery gives each silo is the name its logs, traces (service.instance.id) and the
        // Orleans dashboard use: target_info, which the exporter derives from the resource, agrees.
        foreach (var silo in new[] { stack.Silo1, stack.Silo2 })
        {
            var info = await stack.QueryAsync($"target_info{{job=\"bss-silo\", service_instance_id=\"{silo.Name}\", exported_service_instance_id=\"{silo.Name}\"}}");
            Assert.Single(info);
            Assert.NotEmpty(await stack.QueryAsync($"orleans_catalog_activations{{service_instance_id=\"{silo.Name}\"}}"));
        }

        Assert.NotEmpty(await stack.QueryAsync("bss_customers_registered_total{job=\"bss-silo\"} > 0"));
        Assert.NotEmpty(await stack.QueryAsync("bss_orders_transitions_total{from=\"PENDING\", to=\"CONFIRMED\"}"));
        Assert.NotEmpty(await stack.QueryAsync("bss_payments_amount_total{status=\"REFUNDED\", currency=\"PLN\"}"));
        Assert.NotEmpty(await stack.QueryAsync("bss_billing_cycle_duration_seconds_count{outcome=\"processed\"} > 0"));
        var up = await stack.QueryAsync("up == 1");
        var jobs = up.Select(s => (string)s!["metric"]!["job"]!).ToHashSet();
        Assert.Superset(new HashSet<string> { "bss-silo", "postgres", "pgbouncer", "redis", "prometheus" }, jobs);
    }

    [Fact]
    public async Task PgStatStatements_AfterLoad_HoldTheApplicationsStatements()
    {
        // Through postgres_exporter, as the Database dashboard reads them: the grain storage's and the lists' SQL.
        var statements = await stack.QueryAsync("pg_stat_statements_calls_total{job=\"postgres\", user=\"bss\"}");
        var texts = statements.Select(s => (string)s!["metric"]!["query"]!).ToList();
        Assert.Contains(texts, t => t.Contains("FROM orleansstorage WHERE kind = $", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(texts, t => t.Contains("orleans", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task SiloKilled_UnderScrape_SiloDownAlertFiresInAlertmanagerWithinItsWindow()
    {
        var rules = await File.ReadAllTextAsync(Path.Combine(TestEnvironment.RepositoryRoot, "dev", "compose", "prometheus", "rules", "bss-alerts.yml"));
        var window = TimeSpan.FromSeconds(int.Parse(SiloDownFor().Match(rules).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        var victim = stack.Silo2;
        Assert.Empty(await FiringAsync(victim.Name));

        var clock = Stopwatch.StartNew();
        await victim.KillAsync();
        while (clock.Elapsed < window + TimeSpan.FromSeconds(30) && (await FiringAsync(victim.Name)).Count == 0)
        {
            await Task.Delay(250);
        }

        var elapsed = clock.Elapsed;
        output.WriteLine($"BssSiloDown for {victim.Name} active in Alertmanager {elapsed.TotalSeconds:F1} s after SIGKILL (rule: for {window.TotalSeconds} s, scrape and evaluation every 1 s)");
        Assert.NotEmpty(await FiringAsync(victim.Name));
        // Not before the rule's window (a page would be too eager), and within it plus a scrape, an evaluation and
        // the delivery to Alertmanager.
        Assert.InRange(elapsed, window, window + TimeSpan.FromSeconds(10));
    }

    /// <summary>The active BssSiloDown alerts Alertmanager holds for <paramref name="silo"/>.</summary>
    private async Task<JsonArray> FiringAsync(string silo)
    {
        var filter = Uri.EscapeDataString($"alertname=\"BssSiloDown\"") + "&filter=" + Uri.EscapeDataString($"service_instance_id=\"{silo}\"");
        using var response = await stack.Alertmanager.GetAsync($"/api/v2/alerts?active=true&silenced=false&inhibited=false&filter={filter}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
    }

    private async Task<IReadOnlyList<string>> NamesAsync()
    {
        using var response = await stack.Prometheus.GetAsync("/api/v1/label/__name__/values");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!.AsArray().Select(n => (string)n!).ToList();
    }

    /// <summary>Every panel, also those inside collapsed rows.</summary>
    private static IEnumerable<JsonObject> Panels(JsonObject container)
    {
        foreach (var node in container["panels"]?.AsArray() ?? [])
        {
            var panel = node!.AsObject();
            if ((string?)panel["type"] == "row")
            {
                foreach (var inner in Panels(panel))
                {
                    yield return inner;
                }
            }
            else
            {
                yield return panel;
            }
        }
    }

    /// <summary>Grafana's variables as a user sees them: every silo, and a rate window of a few scrapes of this run.</summary>
    private static string Substitute(string expr) => expr
        .Replace("$__rate_interval", "2m", StringComparison.Ordinal)
        .Replace("$__interval", "15s", StringComparison.Ordinal)
        .Replace("$__range", "5m", StringComparison.Ordinal)
        .Replace("$silo", ".*", StringComparison.Ordinal);

    /// <summary>The metric of every selector (a name followed by its label matchers).</summary>
    private static IEnumerable<string> MetricNames(string expr) =>
        Selector().Matches(expr).Select(m => m.Groups[1].Value).Distinct();

    [GeneratedRegex(@"([a-zA-Z_:][a-zA-Z0-9_:]*)\{")]
    private static partial Regex Selector();

    [GeneratedRegex(@"alert: BssSiloDown\b[\s\S]*?\n\s*for: (\d+)s")]
    private static partial Regex SiloDownFor();
}
