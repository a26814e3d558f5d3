using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Bss.IntegrationTests.Infrastructure;

/// <summary>A real silo process (Bss.Silo.dll) on its own ports, as dev/run starts them.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly Queue<string> _tail = new();

    private SiloProcess(string name, int httpPort, Process process)
    {
        Name = name;
        HttpPort = httpPort;
        _process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{httpPort}");
        Http = Identity.Client(BaseAddress, Identity.SuperAdmin);
        Anonymous = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(45) };
    }

    public string Name { get; }

    public int HttpPort { get; }

    public Uri BaseAddress { get; }

    /// <summary>Signed in as SUPER_ADMIN (every route allowed); see <see cref="As"/> for the other roles.</summary>
    public HttpClient Http { get; }

    /// <summary>No token at all.</summary>
    public HttpClient Anonymous { get; }

    /// <summary>A new client signed in as one of the realm's users (<see cref="Identity.Users"/>); dispose it.</summary>
    public HttpClient As(string user) => Identity.Client(BaseAddress, user);

    /// <summary>GET /metrics as the scraper does, with its token.</summary>
    public async Task<string> MetricsAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestEnvironment.ScrapeToken);
        using var response = await Anonymous.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The last <paramref name="lines"/> lines the silo wrote (at most 300 are kept), for a failing test's output.</summary>
    public string Tail(int lines = 300)
    {
        lock (_log)
        {
            return string.Join('\n', _tail.Skip(Math.Max(0, _tail.Count - lines)));
        }
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public sealed record Options(string ClusterId, string ServiceId, string Name, int HttpPort, int SiloPort, int GatewayPort)
    {
        public string Postgres { get; init; } = TestEnvironment.PostgresThroughPgBouncer;

        /// <summary>Extra environment variables (e.g. test-only settings), applied last.</summary>
        public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    }

    public static Options NewOptions(string clusterId, string name) =>
        new(clusterId, "bss-it", name, TestEnvironment.FreePort(), TestEnvironment.FreePort(), TestEnvironment.FreePort());

    public static async Task<SiloProcess> StartAsync(Options options)
    {
        var start = new ProcessStartInfo("dotnet", [TestEnvironment.SiloAssembly])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var env = start.Environment;
        env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{options.HttpPort}";
        env["ConnectionStrings__Postgres"] = options.Postgres;
        env["ConnectionStrings__Redis"] = TestEnvironment.Redis;
        env["Orleans__ClusterId"] = options.ClusterId;
        env["Orleans__ServiceId"] = options.ServiceId;
        env["Orleans__SiloName"] = options.Name;
        env["Orleans__SiloPort"] = options.SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        env["Orleans__GatewayPort"] = options.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        env["Orleans__AdvertisedIPAddress"] = "127.0.0.1";
        // Membership runs with the silo's own defaults (a dead silo declared in ≈ 4 s): the failover tests measure them.
        env["Logging__LogLevel__Default"] = "Warning";
        env["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        env["OTEL_EXPORTER_OTLP_ENDPOINT"] = "";
        env["Auth__Authority"] = Identity.Issuer;
        env["Auth__RequireHttpsMetadata"] = "false";
        env["Metrics__ScrapeToken"] = TestEnvironment.ScrapeToken;
        env["Api__PublishDocs"] = "true";
        // No balancer watches a test silo's readiness: a short drain keeps the many graceful stops of the suite quick.
        // The failover tests set their own.
        env["Bss__Shutdown__DrainDelay"] = "00:00:00.5";
        // The billing tests bill on dates of 2030–2090 (so their cycles never meet each other's or a real one), which a
        // production window of 31 days ahead refuses; they widen it, and the limit tests check its edges from there.
        env["Limits__BillingDateFutureDays"] = TestEnvironment.BillingDateFutureDays.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in options.Environment)
        {
            env[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var silo = new SiloProcess(options.Name, options.HttpPort, process);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await silo.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
        return silo;
    }

    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Silo {Name} exited with {_process.ExitCode}:\n{Log}");
            }

            try
            {
                using var response = await Anonymous.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Silo {Name} not ready after {timeout}:\n{Log}");
    }

    /// <summary>The number of Active silos this silo sees in the cluster, from its readiness report.</summary>
    public async Task<string> ReadinessAsync()
    {
        using var response = await Anonymous.GetAsync("/health/ready");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>SIGKILL: no shutdown, no goodbye to the cluster.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM: graceful shutdown, as Ctrl-C or dev/run stop.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Http.Dispose();
        Anonymous.Dispose();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            if (_log.Length < 200_000)
            {
                _log.AppendLine(line);
            }

            _tail.Enqueue(line);
            if (_tail.Count > 300)
            {
                _tail.Dequeue();
            }
        }
    }
}
