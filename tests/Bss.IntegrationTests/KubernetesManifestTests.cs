using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests;

/// <summary>
/// deploy/kubernetes checked offline by dev/validate-kubernetes (schemas of each kind, and the invariants that keep a
/// rolling update lossless); a copy broken on purpose shows each kind of check can fail.
/// </summary>
public class KubernetesManifestTests
{
    private static readonly string Manifests = Path.Combine(TestEnvironment.RepositoryRoot, "deploy", "kubernetes");

    [Fact]
    public async Task Validate_ShippedManifests_PassSchemasAndInvariants()
    {
        var (exitCode, output) = await ValidateAsync(Manifests);

        Assert.True(exitCode == 0, output);
        Assert.Contains("kubernetes: ok", output, StringComparison.Ordinal);
        Assert.Contains("Deployment", output, StringComparison.Ordinal);
        Assert.Contains("PodDisruptionBudget", output, StringComparison.Ordinal);
        Assert.Contains("HorizontalPodAutoscaler", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("deployment.yaml", "terminationGracePeriodSeconds: 45", "terminationGracePeriodSeconds: 20",
        "terminationGracePeriodSeconds 20 is below")]
    [InlineData("deployment.yaml", "path: /health/ready", "path: /healthz", "readinessProbe asks /healthz")]
    [InlineData("deployment.yaml", "Password=$(BSS_DB_PASSWORD)", "Password=hunter2", "holds a password that is not a $(VAR) from a Secret")]
    [InlineData("deployment.yaml", "            - name: POD_IP\n", "            - name: POD_ADDRESS\n", "does not set POD_IP")]
    [InlineData("deployment.yaml", "              value: \"00:00:30\"", "              value: \"00:01:00\"", "below the silo's DrainDelay + StopTimeout (65 s)")]
    [InlineData("pdb.yaml", "      app.kubernetes.io/name: bss-silo", "      app.kubernetes.io/name: bss-api", "PodDisruptionBudget: selector does not match")]
    [InlineData("rbac.yaml", "\"patch\", ", "", "does not grant pods patch")]
    [InlineData("hpa.yaml", "minReplicas: 3", "minReplicas: \"three\"", "minReplicas must be integer")]
    public async Task Validate_BrokenCopy_IsRefusedWithWhatIsWrong(string file, string find, string replace, string expected)
    {
        var copy = Directory.CreateTempSubdirectory("bss-k8s-");
        try
        {
            foreach (var source in Directory.GetFiles(Manifests, "*.yaml"))
            {
                File.Copy(source, Path.Combine(copy.FullName, Path.GetFileName(source)));
            }

            var target = Path.Combine(copy.FullName, file);
            var text = await File.ReadAllTextAsync(target);
            Assert.Contains(find, text, StringComparison.Ordinal);
            await File.WriteAllTextAsync(target, text.Replace(find, replace, StringComparison.Ordinal));

            var (exitCode, output) = await ValidateAsync(copy.FullName);

            Assert.Equal(1, exitCode);
            Assert.Contains(expected, output, StringComparison.Ordinal);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    // The first run installs the validator's npm packages.
    private static Task<(int ExitCode, string Output)> ValidateAsync(string folder) =>
        ToolProcess.RunScriptAsync(Path.Combine("dev", "validate-kubernetes"), [folder], TimeSpan.FromMinutes(5));
}
