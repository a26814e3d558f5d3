using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests;

/// <summary>
/// /docs is the interactive reference of /openapi/v1.json. A real browser (headless Chromium from Debian's
/// <c>chromium</c> package, which dev/services installs) must render the operations from the document: the HTML
/// shell alone holds none of them, so finding them in the DOM proves the script ran and read the document.
/// Every host but the loopback is unresolvable for the browser, so the page also proves it needs no CDN.
/// </summary>
[Collection(ApiCluster.Name)]
public class DocsPageTests(ApiClusterFixture cluster)
{
    [Fact]
    public async Task Docs_InHeadlessChromium_RendersTheOperationsOfTheOpenApiDocument()
    {
        using var documentResponse = await cluster.Http.GetAsync("/openapi/v1.json");
        var document = await documentResponse.ExpectJsonAsync(HttpStatusCode.OK);
        using var shell = await cluster.Http.GetAsync("/docs/");
        var shellHtml = await shell.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, shell.StatusCode);
        Assert.DoesNotContain("/api/v1/customers", shellHtml, StringComparison.Ordinal);

        var dom = WebUtility.HtmlDecode(await RenderAsync($"http://127.0.0.1:{cluster.Silo1.HttpPort}/docs"));

        var paths = document["paths"]!.AsObject();
        var tags = paths.SelectMany(p => p.Value!.AsObject())
            .SelectMany(op => op.Value!["tags"]?.AsArray().Select(t => (string)t!) ?? [])
            .Distinct()
            .ToList();
        Assert.NotEmpty(tags);
        var missing = new List<string>();
        missing.AddRange(tags.Where(t => !dom.Contains(t, StringComparison.Ordinal)).Select(t => $"tag {t}"));

        // The first tag is open on load; each of its operations shows its path.
        var firstTagPaths = paths
            .Where(p => p.Value!.AsObject().Any(op => op.Value!["tags"]?.AsArray().Any(t => (string?)t == tags[0]) == true))
            .Select(p => p.Key)
            .ToList();
        Assert.Contains("/api/v1/customers/{id}/status", firstTagPaths);
        missing.AddRange(firstTagPaths.Where(p => !dom.Contains(p, StringComparison.Ordinal)).Select(p => $"path {p}"));

        var description = (string)document["info"]!["description"]!;
        if (!dom.Contains(description, StringComparison.Ordinal))
        {
            missing.Add($"description \"{description}\"");
        }

        Assert.True(missing.Count == 0,
            $"/docs rendered without: {string.Join(", ", missing)}. DOM starts with: {dom[..Math.Min(dom.Length, 2000)]}");
    }

    /// <summary>The DOM after the page's scripts ran (virtual time lets them finish without waiting in real time).</summary>
    private static async Task<string> RenderAsync(string url)
    {
        var profile = Directory.CreateTempSubdirectory("bss-chromium-");
        try
        {
            var start = new ProcessStartInfo("chromium")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--disable-dev-shm-usage", $"--user-data-dir={profile.FullName}",
                         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                         "--virtual-time-budget=20000", "--dump-dom", url,
                     })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start");
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish rendering {url} in 120 s");
            }

            var dom = await output;
            Assert.True(process.ExitCode == 0 && dom.Length > 0,
                $"chromium exited with {process.ExitCode}: {(await errors)[^Math.Min((await errors).Length, 2000)..]}");
            return dom;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
