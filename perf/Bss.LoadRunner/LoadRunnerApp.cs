using Bss.ClientAuth;
using Bss.LoadRunner.Execution;
using Bss.LoadRunner.Scenarios;

namespace Bss.LoadRunner;

/// <summary>The runner's entry point, callable in-process: parses the command line, runs, returns the exit code.</summary>
internal static class LoadRunnerApp
{
    public const int Passed = 0;
    public const int ThresholdFailed = 1;
    public const int BadUsage = 2;
    public const int RunFailed = 3;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancel)
    {
        RunnerOptions options;
        ScenarioFile file;
        try
        {
            options = RunnerOptions.Parse(args, Environment.GetEnvironmentVariable);
            if (options.Command == "report")
            {
                return await Reporting.BenchReport.RunAsync(options.Dir!, output, cancel);
            }

            file = ScenarioFile.Load(options.ScenarioFile ?? FindScenarioFile());
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidDataException or IOException or System.Text.Json.JsonException)
        {
            await output.WriteLineAsync($"error: {e.Message}\n\n{RunnerOptions.Usage}");
            return BadUsage;
        }

        // Every request carries a token, obtained the way a client does; a refused or unreachable issuer stops the
        // run here, before any data is created (AccessTokenException is an HttpRequestException: one error line).
        using var tokens = AccessTokenSource.ForIssuer(options.Tokens!, TimeProvider.System, warning =>
        {
            lock (output)
            {
                output.WriteLine($"warning: {warning}");
            }
        });
        try
        {
            await tokens.StartAsync(cancel);
            if (options.Command == "token")
            {
                await output.WriteLineAsync((await tokens.GetHeaderAsync(cancel)).Parameter);
                return Passed;
            }

            if (options.Command == "billing")
            {
                return await BillingCycleRun.RunAsync(options, tokens, output, cancel);
            }

            if (options.Command == "seed")
            {
                return await Seeder.RunAsync(options, file, tokens, output, cancel);
            }

            var summary = await new ProfileRun(options, file, tokens, output).RunAsync(cancel);
            var summaryFile = options.SummaryFile ?? Path.Combine("perf", "results", $"runner-{options.Profile}-summary.json");
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(summaryFile))!);
            await File.WriteAllTextAsync(summaryFile, summary.ToJson(), cancel);
            await output.WriteLineAsync($"summary: {summaryFile}");
            return summary.Passed ? Passed : ThresholdFailed;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or InvalidDataException or IOException or HttpRequestException)
        {
            await output.WriteLineAsync($"error: {e.Message}");
            return RunFailed;
        }
    }

    /// <summary>perf/scenarios/bss.json in the working directory or a folder above it, else above the program.</summary>
    private static string FindScenarioFile()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "perf", "scenarios", "bss.json");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException("perf/scenarios/bss.json not found above the working directory; pass --scenario-file");
    }
}
