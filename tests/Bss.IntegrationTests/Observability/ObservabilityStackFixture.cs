using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests.Observability;

/// <summary>
/// The native observability stack (dev/observability: Prometheus, Alertmanager and the PostgreSQL, PgBouncer and Redis
/// exporters, with the shipped alert rules) scraping a two-silo cluster every second, after a short load that touches
/// every business flow the dashboards show: customers, orders, subscriptions, invoices, payments and refunds, a billing
/// cycle, and reads spread over both silos.
/// </summary>
public sealed class ObservabilityStackFixture : IAsyncLifetime
{
    private readonly Dictionary<string, string> _env = new();
    private string _dir = "";

    public SiloProcess Silo1 { get; private set; } = null!;

    public SiloProcess Silo2 { get; private set; } = null!;

    private bool _started;

    public HttpClient Prometheus { get; } = new() { Timeout = TimeSpan.FromSeconds(20) };

    public HttpClient Alertmanager { get; } = new() { Timeout = TimeSpan.FromSeconds(20) };

    public string StartOutput { get; private set; } = "";

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            // xUnit does not dispose a fixture whose initialisation failed: stop what was started here.
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        var clusterId = "it-obs-" + Guid.NewGuid().ToString("N")[..8];
        Silo1 = await SiloProcess.StartAsync(SiloProcess.NewOptions(clusterId, "obs-silo1"));
        Silo2 = await SiloProcess.StartAsync(SiloProcess.NewOptions(clusterId, "obs-silo2"));

        _dir = Path.Combine(TestEnvironment.Required("BSS_DATA_DIR"), "observability-" + clusterId);
        Directory.CreateDirectory(_dir);
        var token = Path.Combine(_dir, "scrape-token");
        await File.WriteAllTextAsync(token, TestEnvironment.ScrapeToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(token, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        // What dev/run writes: one target per silo, labelled with the silo's name.
        var targets = new JsonArray(
            [.. new[] { Silo1, Silo2 }.Select(s => (JsonNode)new JsonObject
            {
                ["targets"] = new JsonArray($"127.0.0.1:{s.HttpPort}"),
                ["labels"] = new JsonObject { ["service_instance_id"] = s.Name },
            })]);
        await File.WriteAllTextAsync(Path.Combine(_dir, "silos.json"), targets.ToJsonString());

        var prometheusPort = TestEnvironment.FreePort();
        var alertmanagerPort = TestEnvironment.FreePort();
        _env["BSS_OBSERVABILITY_DIR"] = _dir;
        _env["BSS_SCRAPE_TOKEN_FILE"] = token;
        _env["BSS_PROMETHEUS_PORT"] = prometheusPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _env["BSS_ALERTMANAGER_PORT"] = alertmanagerPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _env["BSS_POSTGRES_EXPORTER_PORT"] = TestEnvironment.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        _env["BSS_PGBOUNCER_EXPORTER_PORT"] = TestEnvironment.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        _env["BSS_REDIS_EXPORTER_PORT"] = TestEnvironment.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Scraped and evaluated every second: the shipped rules' windows are measured, not the intervals' rounding.
        _env["BSS_SCRAPE_INTERVAL"] = "1s";
        _env["BSS_ALERT_WEBHOOK_URL"] = $"http://127.0.0.1:{TestEnvironment.FreePort()}/alerts";
        Prometheus.BaseAddress = new Uri($"http://127.0.0.1:{prometheusPort}");
        Alertmanager.BaseAddress = new Uri($"http://127.0.0.1:{alertmanagerPort}");

        var (exit, output) = await RunObservabilityAsync("start");
        _started = true;
        StartOutput = output;
        Assert.True(exit == 0, "dev/observability start test failed:\n" + output);

        await LoadAsync();
        // Two scrapes after the last request, so every counter's last value is in Prometheus.
        await Task.Delay(TimeSpan.FromSeconds(3));
        // The cycle's duration is recorded when the cycle takes its shard's report, which is one-way: the API may show
        // the cycle PROCESSED (from the shard's own progress) a moment before. A lost report is taken by the cycle's
        // watch reminder within a minute and a half, so wait that long for the series rather than read it too early.
        var deadline = Stopwatch.StartNew();
        while ((await QueryAsync("bss_billing_cycle_duration_seconds_count > 0")).Count == 0 && deadline.Elapsed < TimeSpan.FromSeconds(100))
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        LoadedAt = DateTimeOffset.UtcNow;
    }

    /// <summary>
    /// When the load was through and scraped, before any test ran. A series that only one silo has (the billing cycle's
    /// duration, recorded where the cycle grain lives) is gone from an instant query once that silo is killed by
    /// another test, but Prometheus still answers for this moment.
    /// </summary>
    public DateTimeOffset LoadedAt { get; private set; }

    public async Task DisposeAsync()
    {
        if (_started)
        {
            await RunObservabilityAsync("stop");
        }

        // Null when its start failed.
        if (Silo2 is not null)
        {
            await Silo2.DisposeAsync();
        }

        if (Silo1 is not null)
        {
            await Silo1.DisposeAsync();
        }

        Prometheus.Dispose();
        Alertmanager.Dispose();
        if (_dir.Length > 0 && Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    /// <summary>An instant query of Prometheus' HTTP API: the result vector (or scalar) of its data.</summary>
    /// <summary>An instant query, now or at <paramref name="at"/>.</summary>
    public async Task<JsonArray> QueryAsync(string promql, DateTimeOffset? at = null)
    {
        var time = at is { } moment
            ? "&time=" + (moment.ToUnixTimeMilliseconds() / 1000.0).ToString("F3", System.Globalization.CultureInfo.InvariantCulture)
            : "";
        using var response = await Prometheus.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString(promql) + time);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Prometheus refused {promql}: {text}");
        var data = JsonNode.Parse(text)!["data"]!;
        return (string?)data["resultType"] == "scalar"
            ? new JsonArray(new JsonObject { ["value"] = data["result"]!.DeepClone() })
            : data["result"]!.AsArray();
    }

    private async Task<(int ExitCode, string Output)> RunObservabilityAsync(string command)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(TestEnvironment.RepositoryRoot, "dev", "observability"), command, "test"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = TestEnvironment.RepositoryRoot,
        };
        foreach (var (key, value) in _env)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Each business flow once or a few times, alternating silos, then reads on both for a few seconds.</summary>
    private async Task LoadAsync()
    {
        var silos = new[] { Silo1.Http, Silo2.Http };

        // Customers: registered, one status change.
        var customers = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            customers.Add((string)(await silos[i % 2].CreateCustomerAsync())["id"]!);
        }

        using (var change = await Silo2.Http.SendJsonAsync(HttpMethod.Put, $"{Api.Customers}/{customers[3]}/status", new JsonObject { ["status"] = "SUSPENDED" }))
        {
            await change.ExpectJsonAsync(HttpStatusCode.OK);
        }

        // An order placed and moved on: PENDING → CONFIRMED → PROCESSING.
        var parts = await Silo1.Http.CreateItemPartsAsync(service: false, asset: false, sim: false);
        var order = await Silo2.Http.CreateOrderAsync(OrderApi.NewOrder(customers[0], parts));
        await Silo1.Http.ToProcessingAsync(order);

        // A subscription, and a billing cycle that bills it (invoices generated, accounts processed, its duration).
        var product = await Silo1.Http.CreatePricedProductAsync(50m);
        var day = BillingApi.NewCycleDay();
        var date = BillingApi.NewCycleDate(day);
        await Silo2.Http.CreateBilledCustomerAsync(day, (string)product["id"]!, date.AddMonths(-1));
        var cycle = await Silo1.Http.CreateCycleAsync(date, process: true);
        await Silo1.Http.WaitForCycleAsync((string)cycle["id"]!, "PROCESSED", TimeSpan.FromSeconds(60));

        // An invoice issued, paid, and the payment refunded.
        using (var created = await Silo2.Http.SendJsonAsync(HttpMethod.Post, BillingApi.Invoices, new JsonObject
        {
            ["customerId"] = customers[1],
            ["invoiceType"] = "ONE_TIME",
            ["items"] = new JsonArray(new JsonObject { ["description"] = "Router", ["quantity"] = 1, ["unitPrice"] = 100m }),
        }))
        {
            var invoice = await created.ExpectJsonAsync(HttpStatusCode.Created);
            using var issued = await Silo1.Http.SendJsonAsync(HttpMethod.Put, $"{BillingApi.Invoices}/{invoice["id"]}/status",
                new JsonObject { ["status"] = "ISSUED", ["version"] = (int)invoice["version"]! });
            await issued.ExpectJsonAsync(HttpStatusCode.OK);
            using var recorded = await Silo2.Http.SendJsonAsync(HttpMethod.Post, "/api/v1/payments", new JsonObject
            {
                ["customerId"] = customers[1],
                ["invoiceId"] = invoice["id"]!.ToString(),
                ["amount"] = 123.00m,
                ["paymentMethod"] = "BANK_TRANSFER",
                ["paymentStatus"] = "COMPLETED",
                ["referenceNumber"] = "OBS-1",
            });
            var payment = await recorded.ExpectJsonAsync(HttpStatusCode.Created);
            using var refunded = await Silo1.Http.SendJsonAsync(HttpMethod.Put, $"/api/v1/payments/{payment["id"]}/status",
                new JsonObject { ["paymentStatus"] = "REFUNDED", ["reversalReason"] = "observability test", ["version"] = (int)payment["version"]! });
            await refunded.ExpectJsonAsync(HttpStatusCode.OK);
        }

        // Reads on both silos for a few seconds: request rates and latency histograms with several scrapes of data.
        var clock = Stopwatch.StartNew();
        var n = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(6))
        {
            using var read = await silos[n % 2].GetAsync($"{Api.Customers}/{customers[n % customers.Count]}");
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            using var list = await silos[(n + 1) % 2].GetAsync($"{Api.Customers}?size=5");
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            n++;
        }
    }
}
