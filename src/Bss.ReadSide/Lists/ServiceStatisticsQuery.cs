using Bss.Abstractions.Services;
using Npgsql;
using NpgsqlTypes;

namespace Bss.ReadSide.Lists;

/// <summary>
/// Catalog figures computed by SQL over the read table. Revenue is Σ price × activeCustomerCount over all services
/// (the recurring revenue of one billing cycle of each, mixed cycles and currencies added as they are).
/// </summary>
public sealed record ServiceStatistics(
    long TotalServices,
    long ActiveServices,
    long InactiveServices,
    long PlannedServices,
    decimal AveragePrice,
    decimal TotalRevenue,
    Dictionary<string, long> CategoryBreakdown,
    Dictionary<string, long> TypeBreakdown,
    Dictionary<string, long> TechnologyBreakdown,
    ServiceView? MostPopularService,
    ServiceView? TopRevenueService);

public static class ServiceStatisticsQuery
{
    public static Task<ServiceStatistics> ServiceStatisticsAsync(this ListService lists, CancellationToken cancellationToken = default) =>
        ListService.Bounded(ReadAsync(lists.Database, cancellationToken), cancellationToken);

    private static async Task<ServiceStatistics> ReadAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        const string price = "((doc ->> 'price')::numeric)";
        const string customers = "coalesce((doc ->> 'activeCustomerCount')::integer, 0)";
        await using var batch = database.CreateBatch();
        batch.BatchCommands.Add(Command($"""
            SELECT count(*),
                   count(*) FILTER (WHERE status = 'ACTIVE'),
                   count(*) FILTER (WHERE status = 'INACTIVE'),
                   count(*) FILTER (WHERE status = 'PLANNED'),
                   coalesce(round(avg({price}), 2), 0),
                   coalesce(sum({price} * {customers}), 0)
            FROM orleansstorage WHERE kind = @kind
            """));
        batch.BatchCommands.Add(Command("""
            SELECT 'category', doc ->> 'category', count(*) FROM orleansstorage WHERE kind = @kind GROUP BY 2
            UNION ALL
            SELECT 'type', doc ->> 'type', count(*) FROM orleansstorage WHERE kind = @kind GROUP BY 2
            UNION ALL
            SELECT 'technology', doc ->> 'technology', count(*) FROM orleansstorage
            WHERE kind = @kind AND doc ->> 'technology' IS NOT NULL GROUP BY 2
            """));
        batch.BatchCommands.Add(Command(
            $"SELECT doc::text FROM orleansstorage WHERE kind = @kind AND {customers} > 0 ORDER BY {customers} DESC, doc ->> 'name', id LIMIT 1"));
        batch.BatchCommands.Add(Command(
            $"SELECT doc::text FROM orleansstorage WHERE kind = @kind AND {price} * {customers} > 0 ORDER BY {price} * {customers} DESC, doc ->> 'name', id LIMIT 1"));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);

        await reader.ReadAsync(cancellationToken);
        var (total, active, inactive, planned) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        var (averagePrice, revenue) = (reader.GetDecimal(4), reader.GetDecimal(5));

        await reader.NextResultAsync(cancellationToken);
        var breakdowns = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal)
        {
            ["category"] = new(StringComparer.Ordinal),
            ["type"] = new(StringComparer.Ordinal),
            ["technology"] = new(StringComparer.Ordinal),
        };
        while (await reader.ReadAsync(cancellationToken))
        {
            breakdowns[reader.GetString(0)][reader.GetString(1)] = reader.GetInt64(2);
        }

        await reader.NextResultAsync(cancellationToken);
        var mostPopular = await ReadServiceAsync(reader, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var topRevenue = await ReadServiceAsync(reader, cancellationToken);

        return new ServiceStatistics(total, active, inactive, planned, averagePrice, revenue,
            breakdowns["category"], breakdowns["type"], breakdowns["technology"], mostPopular, topRevenue);
    }

    private static NpgsqlBatchCommand Command(string sql)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter("kind", NpgsqlDbType.Text) { Value = ServiceList.Instance.Kind });
        return command;
    }

    private static async Task<ServiceView?> ReadServiceAsync(NpgsqlDataReader reader, CancellationToken cancellationToken) =>
        await reader.ReadAsync(cancellationToken) ? ServiceList.Instance.Read(reader.GetString(0)) : null;
}
