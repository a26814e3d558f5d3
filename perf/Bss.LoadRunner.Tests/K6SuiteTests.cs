using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Bss.LoadRunner.Tests;

/// <summary>
/// k6 cannot be installed here, so CI checks the k6 suite with node: perf/k6/validate.mjs imports each script
/// with stubbed k6 modules and checks options, thresholds, a dry run (in which every API request must carry a live
/// bearer token of a fake issuer, or the fake API answers 401), the token's renewal and the summary.
/// </summary>
public partial class K6SuiteTests
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
        Assert.Contains("ok    tokens: a VU renews its token within 60 s of expiry", output, StringComparison.Ordinal);
        foreach (var script in new[] { "smoke", "load", "stress" })
        {
            Assert.Contains($"ok    {script}.js: a dry run sends the mix", output, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The dry run sees only the requests it provokes; this sees every call site: outside lib/auth.js (which talks
    /// to the issuer), each k6 http call is made where the bearer header is set.
    /// </summary>
    [Fact]
    public void K6Scripts_MakeEveryApiCallWithTheBearerHeader()
    {
        var k6 = Path.Combine(RepositoryRoot(), "perf", "k6");
        var files = Directory.GetFiles(k6, "*.js").Concat(Directory.GetFiles(Path.Combine(k6, "lib"), "*.js"))
            .Where(f => Path.GetFileName(f) != "auth.js")
            .ToList();
        var calls = 0;

        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (Match call in HttpCall().Matches(text))
            {
                calls++;
                // The header is set in the statements just before the call, or in its own parameters.
                var around = text[Math.Max(0, call.Index - 600)..Math.Min(text.Length, call.Index + 300)];
                Assert.True(around.Contains("Authorization: bearer()", StringComparison.Ordinal),
                    $"{Path.GetFileName(file)}: {call.Value} without 'Authorization: bearer()' near it");
            }
        }

        Assert.True(calls >= 2, $"found only {calls} http calls in {string.Join(", ", files)}");
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

    [GeneratedRegex(@"\bhttp\.(request|get|post|put|patch|del|head|options|batch|asyncRequest)\(")]
    private static partial Regex HttpCall();
}
