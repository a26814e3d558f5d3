using System.Globalization;
using NpgsqlTypes;

namespace Bss.ReadSide;

/// <summary>
/// Conditions on the yyyy-MM-dd date fields of the state (compared as text, which orders like dates); a field the kind
/// keeps in a typed column is compared there.
/// </summary>
public static class DocumentQueryDates
{
    public static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A date field from <paramref name="from"/> through <paramref name="to"/>, both included; an absent bound is open.</summary>
    public static DocumentQuery WhereDateBetween(this DocumentQuery query, string jsonField, DateOnly? from, DateOnly? to)
    {
        if (from is { } start)
        {
            query.Where($"{query.TextOf(jsonField)} >= @value", Text(start), NpgsqlDbType.Text);
        }

        if (to is { } end)
        {
            query.Where($"{query.TextOf(jsonField)} <= @value", Text(end), NpgsqlDbType.Text);
        }

        return query;
    }

    /// <summary>A date field that falls from <paramref name="from"/> through <paramref name="days"/> days later.</summary>
    public static DocumentQuery WhereDateWithin(this DocumentQuery query, string jsonField, DateOnly from, int days) =>
        query.WhereDateBetween(jsonField, from, from.AddDays(days));
}
