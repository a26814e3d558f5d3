using Bss.LoadRunner.Reporting;

namespace Bss.LoadRunner.Tests;

public class StatementTableTests
{
    /// <summary>The shape perf/bench writes: header, the sum of all statements, then the top statements.</summary>
    private const string Tsv = "calls\ttotal_ms\tmean_ms\trows\tshare_pct\tquery\n"
        + "4024\t4791.250\t1.191\t3160\t100\t(all statements)\n"
        + "95\t2040.000\t21.471\t105\t42.6\tSELECT doc::text, count(*) OVER () FROM documents WHERE kind = $1\n"
        + "1300\t2656.100\t2.043\t1300\t55.4\tWITH updated AS ( UPDATE orleansstorage SET payloadbinary = $1 )\n";

    [Fact]
    public void Parse_BenchFile_SeparatesTheSumFromTheStatements()
    {
        var table = StatementTable.Parse(Tsv);

        Assert.Equal(4024, table.All!.Calls);
        Assert.Equal(4791.25, table.All.TotalMs);
        Assert.Equal(2, table.Top.Count);
        Assert.DoesNotContain(table.Top, s => s.Query == StatementTable.AllStatements);
    }

    [Fact]
    public void Parse_Statements_AreOrderedByTotalTimeLongestFirst()
    {
        var table = StatementTable.Parse(Tsv);

        Assert.Equal([2656.1, 2040.0], table.Top.Select(s => s.TotalMs));
        var first = table.Top[0];
        Assert.Equal((1300L, 2.043, 1300L, 55.4), (first.Calls, first.MeanMs, first.Rows, first.SharePercent));
    }

    [Fact]
    public void Parse_QueryWithTabs_KeepsThemInTheQueryColumn()
    {
        var table = StatementTable.Parse("1\t1.0\t1.0\t0\t100\tSELECT '\t'");

        Assert.Equal("SELECT '\t'", table.Top.Single().Query);
        Assert.Null(table.All);
    }

    [Fact]
    public void Parse_LineWithMissingColumns_IsAFormatError()
    {
        Assert.Throws<FormatException>(() => StatementTable.Parse("1\t2.0\tSELECT 1"));
    }

    [Fact]
    public void Shorten_LongQueryWithPipes_IsCutAndSafeInAMarkdownCell()
    {
        var shortened = StatementTable.Shorten("SELECT a || b FROM documents WHERE kind = $1", 20);

        Assert.Equal("SELECT a \\|\\| b FROM…", shortened);
    }

    [Fact]
    public void StatementsMarkdown_PrintsTheTopThreePerScenario()
    {
        var many = string.Concat(Enumerable.Range(1, 5).Select(i => $"{i}\t{i}.0\t1.0\t0\t20\tSELECT {i}\n"));
        var rows = new List<BenchReport.Row> { new("f-load", "(f)", 1, 1, 1, 1, 1, 1, 0) };

        var markdown = BenchReport.StatementsMarkdown(rows, new Dictionary<string, StatementTable> { ["f-load"] = StatementTable.Parse(many) });

        Assert.Contains("`SELECT 5`", markdown, StringComparison.Ordinal);
        Assert.Contains("`SELECT 3`", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("`SELECT 2`", markdown, StringComparison.Ordinal);
    }
}
