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

    private const string Dependent = """
        {
          "version": 1,
          "resources": {
            "line": { "create": { "method": "POST", "path": "/l", "body": { "a": "{{account.id}}", "p": "{{plan.id}}" } },
                      "delete": { "method": "DELETE", "path": "/l/{{id}}" }, "shared": 1 },
            "account": { "create": { "method": "POST", "path": "/a", "body": { "p": "{{plan.id}}" } },
                         "delete": { "method": "DELETE", "path": "/a/{{id}}" }, "shared": 1 },
            "plan": { "create": { "method": "POST", "path": "/p" }, "delete": { "method": "DELETE", "path": "/p/{{id}}" }, "shared": 1 },
            "note": { "create": { "method": "POST", "path": "/n" }, "delete": { "method": "DELETE", "path": "/n/{{id}}" }, "shared": 1 }
          },
          "endpoints": [
            { "name": "line", "method": "GET", "path": "/l/{{line.id}}", "weight": 1 },
            { "name": "plan", "method": "GET", "path": "/p/{{plan.id}}", "weight": 1 }
          ],
          "profiles": { "all": { "scenarios": [{ "name": "s", "model": "once" }] },
                        "plans": { "mix": { "plan": 1 }, "scenarios": [{ "name": "s", "model": "once" }] } }
        }
        """;

    [Fact]
    public void CreationOrder_PutsWhatACreateNamesFirst_ElseFileOrder()
    {
        var file = ScenarioFile.Parse(Dependent);

        Assert.Equal(["plan", "account", "line", "note"], file.CreationOrder());
    }

    [Fact]
    public void ResourcesFor_AMix_AreWhatItNamesAndWhatTheirCreatesName()
    {
        var file = ScenarioFile.Parse(Dependent);

        Assert.Equal(["plan", "account", "line"], file.ResourcesFor(file.MixOf(file.Profile("all"))));
        Assert.Equal(["plan"], file.ResourcesFor(file.MixOf(file.Profile("plans"))));
    }

    [Theory]
    [InlineData("\"{{plan.id}}\" }", "\"{{other.id}}\" }", "unknown resource 'other'")]
    [InlineData("\"/p\" }", "\"/p\", \"body\": { \"l\": \"{{line.id}}\" } }", "cycle")]
    [InlineData("\"/p\" }", "\"/p\", \"body\": { \"p\": \"{{plan.id}}\" } }", "names itself")]
    [InlineData("\"/p\" }", "\"/p\", \"body\": { \"v\": \"{{own.note.version}}\" } }", "shared records only")]
    public void Resource_WhoseCreateNamesWhatCannotBeCreatedFirst_IsRejected(string from, string to, string message)
    {
        var json = Dependent.Replace(from, to, StringComparison.Ordinal);

        var error = Assert.Throws<InvalidDataException>(() => ScenarioFile.Parse(json));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ShippedFile_BenchProfiles_NeedCustomersOnly_AndTheFullMixEveryResource()
    {
        var file = Shipped();

        Assert.Equal(["customer"], file.ResourcesFor(file.MixOf(file.Profile("reads"))));
        Assert.Equal(["customer"], file.ResourcesFor(file.MixOf(file.Profile("updates"))));
        Assert.Empty(file.ResourcesFor(file.MixOf(file.Profile("creates"))));
        Assert.Equal(file.CreationOrder(), file.ResourcesFor(file.MixOf(file.Profile("load"))));
        var order = file.CreationOrder().ToList();
        Assert.True(order.IndexOf("subscription") > order.IndexOf("customer") && order.IndexOf("subscription") > order.IndexOf("product"));
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

    [Fact]
    public void Threshold_WithoutALevel_IsAGate_AndAnUnknownLevelIsRejected()
    {
        Assert.True(ScenarioFile.Parse(Minimal).Profiles["p"].AllThresholds.Single().IsGate);

        var json = Minimal.Replace("\"stat\": \"p99\"", "\"level\": \"hope\", \"stat\": \"p99\"", StringComparison.Ordinal);

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
