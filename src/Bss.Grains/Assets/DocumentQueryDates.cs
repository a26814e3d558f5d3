using Bss.Grains.Common;
using NpgsqlTypes;

namespace Bss.Grains.Assets;

public static class DocumentQueryDates
{
    /// <summary>A yyyy-MM-dd field of the state that falls from <paramref name="from"/> through <paramref name="days"/> days later.</summary>
    public static DocumentQuery WhereDateWithin(this DocumentQuery query, string jsonField, DateOnly from, int days) => query
        .Where($"({DocumentQuery.Text(jsonField)})::date >= @value", from, NpgsqlDbType.Date)
        .Where($"({DocumentQuery.Text(jsonField)})::date <= @value", from.AddDays(days), NpgsqlDbType.Date);
}
