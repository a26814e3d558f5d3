using System.Globalization;
using Bss.ClientAuth;
using Bss.LoadRunner.Scenarios;

namespace Bss.LoadRunner;

/// <summary>The command line, parsed. <see cref="Usage"/> documents it.</summary>
internal sealed record RunnerOptions
{
    public const string Usage = """
        usage:
          Bss.LoadRunner run  [--profile NAME] [--scenarios a,b] [--vus N | --rate R] [--duration D] [--no-think]
                              [--shared RESOURCE=FILE.jsonl] [--summary FILE] [--no-teardown] [options]
          Bss.LoadRunner seed --count N --out FILE.jsonl [--resource customer] [--subscriptions] [--concurrency C] [options]
          Bss.LoadRunner billing --cycle-date YYYY-MM-DD --out FILE.json [--duration D] [options]
          Bss.LoadRunner token [options]
          Bss.LoadRunner report --dir FOLDER

        run    runs a profile of the scenario file (default: smoke) and prints a k6-like summary; --vus or --rate with
               --duration replace the profile's scenarios by one closed (N VUs) or open (R requests/s) scenario
               over the profile's mix; --shared reads a resource's shared pool from a seed file instead of creating
               one. Exit code 1 when a threshold fails.
        seed   creates N records of a resource through the API and writes them, one JSON object a line;
               --subscriptions (customers only) then gives each customer one subscription on a product of its own run.
        billing creates a billing cycle for the date with process: true, follows it until PROCESSED or FAILED (at
               most --duration, default 30m) and writes invoices, seconds and invoices/s to FILE.json.
        token  prints the access token the other commands send (for wrk and curl).
        report turns the measurements perf/bench left in FOLDER into bench.json and bench.md.

        options: --base-urls URL,URL (default $BASE_URLS, else http://127.0.0.1:8080,http://127.0.0.1:8081)
                 --scenario-file PATH (default perf/scenarios/bss.json, found upwards from here)
                 --progress SECONDS (live line interval; default 2 on a terminal, 5 otherwise; 0 = off)
                 --timeout D (per request, default 30s)
                 --health-interval D (how often each base URL's /health/ready is polled; requests go to the ready
                                      ones only; default 500ms, 0s = off)


        """ + TokenSettings.Usage;

    private const string DefaultBaseUrls = "http://127.0.0.1:8080,http://127.0.0.1:8081";

    public required string Command { get; init; }
    public string Profile { get; init; } = "smoke";
    public IReadOnlyList<string> Scenarios { get; init; } = [];
    public IReadOnlyList<Uri> BaseUrls { get; init; } = [];
    public string? ScenarioFile { get; init; }
    public int? Vus { get; init; }
    public double? Rate { get; init; }
    public TimeSpan? Duration { get; init; }
    public bool NoThink { get; init; }
    public IReadOnlyDictionary<string, string> SharedFiles { get; init; } = new Dictionary<string, string>();
    public string? SummaryFile { get; init; }
    public bool Teardown { get; init; } = true;
    public double? ProgressSeconds { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan HealthInterval { get; init; } = TimeSpan.FromMilliseconds(500);
    public int Count { get; init; }
    public int Concurrency { get; init; } = 64;
    public string Resource { get; init; } = "customer";
    public string? Out { get; init; }
    public string? Dir { get; init; }
    public bool Subscriptions { get; init; }
    public DateOnly? CycleDate { get; init; }

    /// <summary>Where run and seed get their access token (report sends no request and needs none).</summary>
    public TokenSettings? Tokens { get; init; }

    public static RunnerOptions Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        if (args.Count == 0 || args[0] is not ("run" or "seed" or "billing" or "token" or "report"))
        {
            throw new ArgumentException("the first argument must be 'run', 'seed', 'billing', 'token' or 'report'");
        }

        var options = new RunnerOptions { Command = args[0] };
        var shared = new Dictionary<string, string>(StringComparer.Ordinal);
        var tokenOptions = new Dictionary<string, string>(StringComparer.Ordinal);
        var baseUrls = environment("BASE_URLS") ?? DefaultBaseUrls;
        for (var i = 1; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            if (name == "--base-urls")
            {
                baseUrls = Value();
                continue;
            }

            if (TokenSettings.OptionNames.Contains(name))
            {
                tokenOptions[name] = Value();
                continue;
            }

            if (name == "--shared")
            {
                var pair = Value().Split('=', 2);
                shared[pair[0]] = pair.Length == 2 ? pair[1] : throw new ArgumentException("--shared takes RESOURCE=FILE");
                continue;
            }

            options = name switch
            {
                "--profile" => options with { Profile = Value() },
                "--scenarios" => options with { Scenarios = List(Value()) },
                "--scenario-file" => options with { ScenarioFile = Value() },
                "--vus" => options with { Vus = Positive(name, Value()) },
                "--rate" => options with { Rate = double.Parse(Value(), CultureInfo.InvariantCulture) },
                "--duration" => options with { Duration = Durations.Parse(Value()) },
                "--no-think" => options with { NoThink = true },
                "--summary" => options with { SummaryFile = Value() },
                "--no-teardown" => options with { Teardown = false },
                "--progress" => options with { ProgressSeconds = double.Parse(Value(), CultureInfo.InvariantCulture) },
                "--timeout" => options with { Timeout = Durations.Parse(Value()) },
                "--health-interval" => options with { HealthInterval = Durations.Parse(Value()) },
                "--count" => options with { Count = Positive(name, Value()) },
                "--concurrency" => options with { Concurrency = Positive(name, Value()) },
                "--resource" => options with { Resource = Value() },
                "--out" => options with { Out = Value() },
                "--dir" => options with { Dir = Value() },
                "--subscriptions" => options with { Subscriptions = true },
                "--cycle-date" => options with { CycleDate = DateOnly.ParseExact(Value(), "yyyy-MM-dd", CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"unknown option '{name}'"),
            };
        }

        options = options with
        {
            BaseUrls = List(baseUrls).Select(u => new Uri(u)).ToList(),
            SharedFiles = shared,
            Tokens = options.Command == "report" ? null : TokenSettings.From(tokenOptions, environment),
        };
        return options.Check();
    }

    private RunnerOptions Check()
    {
        if ((Vus is not null || Rate is not null) && Duration is null)
        {
            throw new ArgumentException("--vus and --rate need --duration");
        }

        if (Vus is not null && Rate is not null)
        {
            throw new ArgumentException("--vus and --rate exclude each other");
        }

        if (Command == "seed" && (Count == 0 || Out is null))
        {
            throw new ArgumentException("seed needs --count and --out");
        }

        if (Subscriptions && (Command != "seed" || Resource != "customer"))
        {
            throw new ArgumentException("--subscriptions belongs to seed of customers");
        }

        if (Command == "billing" && (CycleDate is null || Out is null))
        {
            throw new ArgumentException("billing needs --cycle-date and --out");
        }

        if (Command == "report" && Dir is null)
        {
            throw new ArgumentException("report needs --dir");
        }

        return BaseUrls.Count > 0 ? this : throw new ArgumentException("no base URL");
    }

    private static List<string> List(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static int Positive(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} needs a positive number (got '{text}')");
}
