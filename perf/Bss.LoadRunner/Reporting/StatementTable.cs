using System.Globalization;

namespace Bss.LoadRunner.Reporting;

/// <summary>One statement of pg_stat_statements over one scenario: its share of the database's execution time.</summary>
internal sealed record Statement(long Calls, double TotalMs, double MeanMs, long Rows, double SharePercent, string Query);

/// <summary>
/// The statement statistics perf/bench writes after a scenario (statements/&lt;key&gt;.r&lt;round&gt;.tsv, from
/// pg_stat_statements, reset before the scenario): a header line, then one tab-separated line per statement with
/// calls, total_ms, mean_ms, rows, share_pct and the query (whitespace collapsed), the first line being the sum of
/// all statements under the query text <see cref="AllStatements"/>, the rest by total time, longest first.
/// </summary>
internal sealed record StatementTable(Statement? All, IReadOnlyList<Statement> Top)
{
    public const string AllStatements = "(all statements)";
    public const string Header = "calls\ttotal_ms\tmean_ms\trows\tshare_pct\tquery";

    public static StatementTable Parse(string tsv)
    {
        var statements = new List<Statement>();
        foreach (var line in tsv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line == Header)
            {
                continue;
            }

            var cells = line.Split('\t', 6);
            if (cells.Length != 6)
            {
                throw new FormatException($"a statement line has {cells.Length} columns, not 6: '{Shorten(line, 80)}'");
            }

            statements.Add(new Statement(
                long.Parse(cells[0], CultureInfo.InvariantCulture),
                double.Parse(cells[1], CultureInfo.InvariantCulture),
                double.Parse(cells[2], CultureInfo.InvariantCulture),
                long.Parse(cells[3], CultureInfo.InvariantCulture),
                double.Parse(cells[4], CultureInfo.InvariantCulture),
                cells[5]));
        }

        return new StatementTable(
            statements.FirstOrDefault(s => s.Query == AllStatements),
            statements.Where(s => s.Query != AllStatements).OrderByDescending(s => s.TotalMs).ToList());
    }

    /// <summary>A query cut to <paramref name="length"/> characters (with "…"), safe inside a Markdown table cell.</summary>
    public static string Shorten(string query, int length)
    {
        var text = query.Length > length ? query[..(length - 1)].TrimEnd() + "…" : query;
        return text.Replace("|", "\\|", StringComparison.Ordinal);
    }
}
