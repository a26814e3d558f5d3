using System.Diagnostics;

namespace Bss.IntegrationTests.Infrastructure;

/// <summary>Runs one of the repository's console tools (a real process, as a developer starts it).</summary>
public static class ToolProcess
{
    /// <summary>
    /// The tool's dll in the same configuration as this test assembly (dev/test builds the solution), e.g.
    /// ("perf/Bss.LoadRunner", "Bss.LoadRunner").
    /// </summary>
    public static string Assembly(string projectFolder, string name)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var path = Path.Combine(TestEnvironment.RepositoryRoot, projectFolder, "bin", configuration, "net10.0", name + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build the solution first: {name} not found", path);
    }

    /// <summary>
    /// Where the tool gets its access token, as a developer passes it: the test profile's issuer and the backend
    /// client that dev/test exports (BSS_OIDC_ISSUER, BSS_OIDC_CLIENT_ID, BSS_OIDC_CLIENT_SECRET from
    /// `dev/services env test`). The tool gets the token by client credentials, the way a client does.
    /// </summary>
    public static IReadOnlyList<string> TokenArguments()
    {
        static string Required(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the tests with dev/test, which exports it from dev/services env test");

        return
        [
            "--issuer", Required("BSS_OIDC_ISSUER"),
            "--client-id", Required("BSS_OIDC_CLIENT_ID"),
            "--client-secret", Required("BSS_OIDC_CLIENT_SECRET"),
        ];
    }

    /// <summary>Runs <c>dotnet</c> with the arguments; the exit code and stdout followed by stderr.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments, TimeSpan timeout) =>
        RunProcessAsync("dotnet", arguments, timeout);

    /// <summary>Runs one of the repository's bash scripts (e.g. "dev/validate-kubernetes") from its root.</summary>
    public static Task<(int ExitCode, string Output)> RunScriptAsync(string script, IEnumerable<string> arguments, TimeSpan timeout) =>
        RunProcessAsync("bash", [Path.Combine(TestEnvironment.RepositoryRoot, script), .. arguments], timeout);

    private static async Task<(int ExitCode, string Output)> RunProcessAsync(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = TestEnvironment.RepositoryRoot,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', start.ArgumentList.Take(1))} did not finish within {timeout}:\n{await stdout}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
