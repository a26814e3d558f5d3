using System.Net;
using System.Text.RegularExpressions;
using Bss.IntegrationTests.Infrastructure;

namespace Bss.IntegrationTests.Security;

/// <summary>The README's role → route table says what the silo enforces: each operation's x-required-role follows from it.</summary>
[Collection(ApiCluster.Name)]
public partial class ReadmeMatrixTests(ApiClusterFixture cluster)
{
    [Fact]
    public async Task ReadmeTable_GivesEveryOperationTheRoleTheSiloRequires()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(TestEnvironment.RepositoryRoot, "README.md"));
        var families = Rows(readme, "<!-- role-matrix:families -->")
            .ToDictionary(r => Code().Match(r[0]).Groups[1].Value, r => (Read: r[1], Change: r[2], Delete: r[3]));
        var routes = Rows(readme, "<!-- role-matrix:routes -->")
            .Where(r => !r[0].Contains(" with ", StringComparison.Ordinal))
            .ToDictionary(r => Code().Match(r[0]).Groups[1].Value, r => r[1]);
        using var response = await cluster.Http.GetAsync("/openapi/v1.json");
        var document = await response.ExpectJsonAsync(HttpStatusCode.OK);

        var mismatches = new List<string>();
        foreach (var (path, operations) in document["paths"]!.AsObject())
        {
            var relative = path["/api/v1/".Length..];
            foreach (var (method, operation) in operations!.AsObject())
            {
                var verb = method.ToUpperInvariant();
                var expected = routes.GetValueOrDefault($"{verb} {relative}") ?? FromFamily(families, verb, relative);
                var actual = (string?)operation!["x-required-role"];
                if (expected != actual)
                {
                    mismatches.Add($"{verb} {path}: README says {expected ?? "nothing"}, the silo requires {actual ?? "nothing"}");
                }
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    private static string? FromFamily(Dictionary<string, (string Read, string Change, string Delete)> families, string verb, string relative)
    {
        var family = families.Keys
            .Where(f => relative == f || relative.StartsWith(f + "/", StringComparison.Ordinal))
            .MaxBy(f => f.Length);
        if (family is null)
        {
            return null;
        }

        var row = families[family];
        return verb switch
        {
            "GET" => row.Read,
            "DELETE" => row.Delete,
            _ => row.Change,
        };
    }

    /// <summary>The body rows of the markdown table that follows <paramref name="marker"/>, split into cells.</summary>
    private static List<string[]> Rows(string readme, string marker)
    {
        var start = readme.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no {marker}");
        return readme[(start + marker.Length)..].TrimStart().Split('\n')
            .TakeWhile(line => line.StartsWith('|'))
            .Skip(2)
            .Select(line => line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .ToList();
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Code();
}
