using System.Text.Json.Nodes;
using Bss.LoadRunner.Scenarios;

namespace Bss.LoadRunner.Tests;

public class TemplateTests
{
    private static TemplateContext Context(Func<string, JsonObject>? pick = null, JsonObject? own = null) =>
        new("tag1", () => "u7", pick ?? (_ => new JsonObject { ["id"] = "shared" }),
            own is null ? null : new Dictionary<string, JsonObject> { ["customer"] = own },
            new Dictionary<string, string> { ["id"] = "v1" });

    [Fact]
    public void Render_ReplacesTagUniqueAndVariables()
    {
        Assert.Equal("/x/tag1/u7/v1", Template.Render("/x/{{tag}}/{{ unique }}/{{id}}", Context()));
    }

    [Fact]
    public void Render_UsesOneSharedRecordForTheWholeRequest()
    {
        var picks = 0;
        var context = Context(_ => new JsonObject { ["id"] = $"id{++picks}", ["lastName"] = $"n{picks}" });

        Assert.Equal("id1 n1", Template.Render("{{customer.id}} {{customer.lastName}}", context));
    }

    [Fact]
    public void Render_ReadsTheOwnRecord_NumbersAsText()
    {
        var own = new JsonObject { ["id"] = "me", ["version"] = 3 };

        Assert.Equal("me \"3\"", Template.Render("{{own.customer.id}} \"{{own.customer.version}}\"", Context(own: own)));
    }

    [Theory]
    [InlineData("ACTIVE", "SUSPENDED")]
    [InlineData("SUSPENDED", "ACTIVE")]
    public void SwapFilter_GivesTheOtherStatus(string current, string next)
    {
        var own = new JsonObject { ["status"] = current };

        Assert.Equal(next, Template.Render("{{own.customer.status|swap:ACTIVE:SUSPENDED}}", Context(own: own)));
    }

    [Fact]
    public void Render_OfAJsonBody_RendersEveryStringAndKeepsOtherValues()
    {
        var body = JsonNode.Parse("""{"a": "{{tag}}", "n": 5, "list": ["{{id}}"]}""");

        var rendered = Template.Render(body, Context())!.ToJsonString();

        Assert.Equal("""{"a":"tag1","n":5,"list":["v1"]}""", rendered);
    }

    [Fact]
    public void Render_OfAMissingField_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => Template.Render("{{customer.nope}}", Context()));
    }

    [Fact]
    public void Surname_IsThreeSyllablesOfTheFile_Capitalised()
    {
        var pools = new Bss.LoadRunner.Execution.DataPools("t", ["ko", "wal"]);
        var context = new TemplateContext("t", () => "1", _ => [], surname: pools.NextSurname);

        var names = Enumerable.Range(0, 50).Select(_ => Template.Render("{{surname}}", context)).ToList();

        Assert.All(names, n => Assert.Matches("^(Ko|Wal)(ko|wal){2}$", n));
        Assert.True(names.Distinct().Count() > 1, "names should vary");
    }

    [Fact]
    public void Surname_WithoutSyllables_HasNoValue()
    {
        Assert.Throws<InvalidOperationException>(() => Template.Render("{{surname}}", Context()));
    }
}
