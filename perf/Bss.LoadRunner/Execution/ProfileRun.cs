using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Bss.ClientAuth;
using Bss.LoadRunner.Reporting;
using Bss.LoadRunner.Scenarios;

namespace Bss.LoadRunner.Execution;

/// <summary>
/// One run of a profile, in k6's order: setup (create the run's data), the scenarios one after another, the
/// summary with the thresholds' verdicts, teardown (delete the data).
/// </summary>
internal sealed class ProfileRun(RunnerOptions options, ScenarioFile file, AccessTokenSource tokens, TextWriter output)
{
    private readonly LiveWindow _live = new();
    private readonly List<ScenarioRecorder> _recorders = [];

    public async Task<RunSummary> RunAsync(CancellationToken cancel)
    {
        var profile = file.Profile(options.Profile);
        var scenarios = ChooseScenarios(profile);
        var mix = new WeightedMix(file.MixOf(profile));
        var owned = ScenarioFile.OwnedResources(mix.Endpoints);
        var peakVus = scenarios.Max(s => s.PeakVus);
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();

        using var http = new HttpDriver(new TargetPool(options.BaseUrls), Math.Max(64, peakVus + 16), options.Timeout, tokens);
        // Like a load balancer's health check: a silo that drains (503) or is gone gets no new request.
        await using var health = new TargetHealth(http.Pool, options.HealthInterval);
        if (options.HealthInterval > TimeSpan.Zero)
        {
            await health.ProbeAllAsync(cancel);
            health.Start();
        }

        var data = new DataPools(Guid.NewGuid().ToString("N")[..8], file.SurnameSyllables);
        foreach (var (resource, path) in options.SharedFiles)
        {
            data.UseShared(resource, await ReadRecordsAsync(path, cancel));
        }

        await data.SetupAsync(file, mix.Endpoints, peakVus, http, output, cancel);
        VirtualUser NewUser(int number) => new(number, mix, data, http, owned);

        RateSearchResult? rateSearch = null;
        await using (var progress = NewProgress())
        {
            progress.Start();
            foreach (var scenario in scenarios)
            {
                if (scenario.IsRateSearch)
                {
                    rateSearch = await SearchRateAsync(scenario, mix, NewUser, progress, cancel);
                }
                else
                {
                    await RunScenarioAsync(scenario, scenario.Name, mix, NewUser, progress, cancel);
                }
            }
        }

        var summary = Summarize(profile, startedAt, rateSearch, http.Targets) with
        {
            DurationSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
            Balancing = new BalancingSummary(options.HealthInterval.TotalMilliseconds, http.Pool.Resent, http.Pool.NotReadyPeriods()),
            Failures = _recorders.SelectMany(r => r.Failures)
                .GroupBy(f => f.Key, StringComparer.Ordinal)
                .OrderByDescending(g => g.Sum(f => f.Value)).ThenBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Sum(f => f.Value), StringComparer.Ordinal),
        };
        output.WriteLine(SummaryText.Render(summary));
        if (options.Teardown)
        {
            await data.TeardownAsync(file, http, output, CancellationToken.None);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run took {clock.Elapsed.TotalSeconds:0.0} s with setup and teardown"));
        return summary;
    }

    /// <summary>The profile's scenarios, a chosen subset, or one scenario from --vus/--rate over the profile's mix.</summary>
    private List<ScenarioDefinition> ChooseScenarios(ProfileDefinition profile)
    {
        if (options.Vus is { } vus)
        {
            return [new ScenarioDefinition($"closed-{vus}vus", ScenarioDefinition.Closed, Vus: vus, Duration: DurationText())];
        }

        if (options.Rate is { } rate)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"open-{rate:0}rps");
            return [new ScenarioDefinition(name, ScenarioDefinition.Open, Rate: rate, Duration: DurationText(), MaxVus: 400)];
        }

        var chosen = profile.Scenarios.Where(s => options.Scenarios.Count == 0 || options.Scenarios.Contains(s.Name)).ToList();
        if (chosen.Count == 0)
        {
            throw new ArgumentException($"--scenarios {string.Join(",", options.Scenarios)} matches none of {string.Join(", ", profile.Scenarios.Select(s => s.Name))}");
        }

        return options.NoThink ? chosen.Select(s => s with { ThinkTime = null }).ToList() : chosen;
    }

    private string DurationText() => string.Create(CultureInfo.InvariantCulture, $"{options.Duration!.Value.TotalSeconds}s");

    private async Task<ScenarioRecorder> RunScenarioAsync(ScenarioDefinition scenario, string name, WeightedMix mix,
        VirtualUserFactory users, Progress progress, CancellationToken cancel, double? stepRate = null)
    {
        var recorder = new ScenarioRecorder(name, _live);
        _recorders.Add(recorder);
        recorder.Start();
        switch (scenario.Model)
        {
            case ScenarioDefinition.Once:
                progress.Phase(name, TimeSpan.Zero);
                await LoadModels.OnceAsync(mix, users, recorder, cancel);
                break;
            case ScenarioDefinition.Closed:
                var plan = StagePlan.For(scenario);
                progress.Phase(name, plan.Total);
                await LoadModels.ClosedAsync(plan, scenario.ThinkTime, users, recorder, cancel);
                break;
            default:
                var duration = Durations.Parse(scenario.StepDuration ?? scenario.Duration!);
                progress.Phase(name, duration);
                await LoadModels.OpenAsync(new ArrivalSchedule(stepRate ?? scenario.Rate!.Value, duration), scenario.MaxVus, users, recorder, cancel);
                break;
        }

        recorder.Stop();
        return recorder;
    }

    /// <summary>
    /// Constant arrival rates, one step after another, until a step is not held; k6 runs every step, this stops at
    /// the first miss since higher rates only take longer to fail.
    /// </summary>
    private async Task<RateSearchResult> SearchRateAsync(ScenarioDefinition scenario, WeightedMix mix,
        VirtualUserFactory users, Progress progress, CancellationToken cancel)
    {
        var held = scenario.Held!;
        var steps = new List<RateStep>();
        foreach (var rate in scenario.Rates!)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"{scenario.Name}_{rate}");
            var stats = (await RunScenarioAsync(scenario, name, mix, users, progress, cancel, rate)).Snapshot();
            var ok = stats.Failed == 0 && Operators.Holds(stats.Value(held.Stat), held.Op, held.Value);
            steps.Add(new RateStep(rate, stats.Rps, stats.LatencyMs.P99, stats.ErrorRate, ok));
            if (!ok || cancel.IsCancellationRequested)
            {
                break;
            }
        }

        var heldRates = steps.Where(s => s.Held).Select(s => s.Rate).ToList();
        return new RateSearchResult(scenario.Name, held, steps, heldRates.Count > 0 ? heldRates.Max() : null);
    }

    private RunSummary Summarize(ProfileDefinition profile, DateTimeOffset startedAt, RateSearchResult? rateSearch, IReadOnlyList<Uri> targets)
    {
        var scenarios = _recorders.ToDictionary(r => r.Name, r => r.Snapshot(), StringComparer.Ordinal);
        var total = StatsSnapshot.From(
            ScenarioRecorder.Merge(_recorders.Select(r => r.MergedHistogram())),
            scenarios.Values.Sum(s => s.Requests),
            scenarios.Values.Sum(s => s.Failed),
            _recorders.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Elapsed));
        var thresholds = Thresholds.Evaluate(profile.AllThresholds, total, scenarios);
        return new RunSummary(RunSummary.SchemaName, RunSummary.ToolName, options.Profile,
            targets.Select(t => t.ToString().TrimEnd('/')).ToList(), startedAt, 0, total, scenarios, rateSearch,
            thresholds, Thresholds.GatesPassed(thresholds));
    }

    private Progress NewProgress()
    {
        var inPlace = !Console.IsOutputRedirected && ReferenceEquals(output, Console.Out);
        var seconds = options.ProgressSeconds ?? (inPlace ? 2 : 5);
        return new Progress(_live, output, TimeSpan.FromSeconds(seconds), inPlace);
    }

    private static async Task<List<JsonObject>> ReadRecordsAsync(string path, CancellationToken cancel)
    {
        var records = new List<JsonObject>();
        foreach (var line in await File.ReadAllLinesAsync(path, cancel))
        {
            if (line.Length > 0 && JsonNode.Parse(line) is JsonObject record)
            {
                records.Add(record);
            }
        }

        return records.Count > 0 ? records : throw new InvalidDataException($"{path} holds no records");
    }
}
