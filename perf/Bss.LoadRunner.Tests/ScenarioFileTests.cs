using Bss.LoadRunner.Scenarios;

namespace Bss.LoadRunner.Tests;

public class ScenarioFileTests
{
    private static ScenarioFile Shipped() => ScenarioFile.Load(Path.Combine(AppContext.BaseDirectory, "bss.json"));

    private const string Minimal = """
        {
          "version": 1,
          "resources": { "thing": { "create": { "method": "POST", "path": "/t", "body": {"n": "{{unique}}"} },
                                    "delete": { "method": "DELETE", "path": "/t/{{id}}" }, "shared": 5 } },
          "endpoints": [
            { "name": "get", "method": "GET", "path": "/t/{{thing.id}}", "weight": 3 },
            { "name": "put", "method": "PUT", "path": "/t/{{own.thing.id}}", "weight": 1, "refresh": "own.thing" }
          ],
          "profiles": { "p": { "scenarios": [{ "name": "s", "model": "closed", "vus": 2, "duration": "1s" }],
                               "thresholds": [{ "set": "ours", "stat": "p99", "op": "<", "value": 10 }] } }
        }
        """;

    [Fact]
    public void ShippedFile_Parses_WithTheProfilesTheK6ScriptsUse()
    {
        var file = Shipped();

        Assert.Contains("smoke", file.Profiles.Keys);
        Assert.Contains("load", file.Profiles.Keys);
        Assert.Contains("stress", file.Profiles.Keys);
        Assert.Contains(file.Profile("stress").Scenarios, s => s.IsRateSearch);
        Assert.Equal(50, file.Profile("load").Scenarios.Single(s => s.Name == "capacity").PeakVus);
    }

    [Fact]
    public void ProfileMix_OverridesWeights_AndDropsTheRest()
    {
        var file = Shipped();

        var mix = file.MixOf(file.Profile("reads"));

        Assert.Equal(["customers.get"], mix.Select(e => e.Name));
    }

    [Fact]
    public void OwnedResources_AreThoseAnEndpointNamesWithOwn()
    {
        var file = ScenarioFile.Parse(Minimal);

        Assert.Equal(["thing"], ScenarioFile.OwnedResources(file.MixOf(file.Profile("p"))));
        Assert.Empty(ScenarioFile.OwnedResources([file.Endpoints[0]]));
        Assert.Equal("thing", file.Endpoints[1].RefreshedResource);
    }

    [Theory]
    [InlineData("\"/t/{{other.id}}\"", "unknown resource 'other'")]
    [InlineData("\"/t/{{own.other.id}}\"", "unknown resource 'other'")]
    public void Endpoint_NamingAnUnknownResource_IsRejected(string path, string message)
    {
        var json = Minimal.Replace("\"/t/{{thing.id}}\"", path, StringComparison.Ordinal);

        var error = Assert.Throws<InvalidDataException>(() => ScenarioFile.Parse(json));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Surname_WithoutSyllables_IsRejected()
    {
        var json = Minimal.Replace("\"n\": \"{{unique}}\"", "\"n\": \"{{surname}}\"", StringComparison.Ordinal);

        var error = Assert.Throws<InvalidDataException>(() => ScenarioFile.Parse(json));

        Assert.Contains("surnameSyllables", error.Message, StringComparison.Ordinal);
        Assert.NotNull(ScenarioFile.Parse(json.Replace("\"version\": 1,", "\"version\": 1, \"surnameSyllables\": [\"a\", \"b\"],",
            StringComparison.Ordinal)));
    }

    [Fact]
    public void Profile_MixingAnUnknownEndpoint_IsRejected()
    {
        var json = Minimal.Replace("\"p\": {", "\"p\": { \"mix\": { \"nope\": 1 },", StringComparison.Ordinal);

        Assert.Throws<InvalidDataException>(() => ScenarioFile.Parse(json));
    }

    [Fact]
    public void Threshold_WithAnUnknownStat_IsRejected()
    {
        var json = Minimal.Replace("\"stat\": \"p99\"", "\"stat\": \"p42\"", StringComparison.Ordinal);

        Assert.Throws<InvalidDataException>(() => ScenarioFile.Parse(json));
    }

    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("30s", 30)]
    [InlineData("2m", 120)]
    [InlineData("1m30s", 90)]
    [InlineData("1h", 3600)]
    public void Durations_InK6Form_Parse(string text, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), Durations.Parse(text));
    }

    [Fact]
    public void Duration_NotInK6Form_IsRejected()
    {
        Assert.Throws<FormatException>(() => Durations.Parse("soon"));
    }
}
