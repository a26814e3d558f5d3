using System.Diagnostics;

namespace Bss.LoadRunner.Tests;

/// <summary>
/// k6 cannot be installed here, so CI checks the k6 suite with node: perf/k6/validate.mjs imports each script
/// with stubbed k6 modules and checks options, thresholds, a dry run and the summary.
/// </summary>
public class K6SuiteTests
{
    [Fact]
    public async Task K6Scripts_PassTheirNodeValidation()
    {
        var root = RepositoryRoot();
        var start = new ProcessStartInfo("node", [Path.Combine(root, "perf", "k6", "validate.mjs")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };

        using var node = Process.Start(start)!;
        var output = await node.StandardOutput.ReadToEndAsync() + await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();

        Assert.True(node.ExitCode == 0, output);
        Assert.Contains(" passed, 0 failed", output, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bss.Orleans.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Bss.Orleans.sln not found above " + AppContext.BaseDirectory);
    }
}
