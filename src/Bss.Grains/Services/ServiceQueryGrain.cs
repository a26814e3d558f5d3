using System.Text.Json;
using Bss.Abstractions.Common;
using Bss.Abstractions.Services;
using Bss.Domain.Services;
using Bss.Grains.Common;
using Bss.ReadSide;
using Npgsql;
using NpgsqlTypes;
using Orleans.Concurrency;

namespace Bss.Grains.Services;

/// <summary>Lists, searches and aggregates service definitions from the documents read table; a local stateless worker.</summary>
[StatelessWorker]
[Reentrant] // no state: one activation per silo serves every concurrent query
[GrainType("service-definition-query")]
public sealed class ServiceQueryGrain(DocumentStore documents, NpgsqlDataSource database) : Grain, IServiceQueryGrain
{
    public const string Kind = "service-definition";

    private static readonly IReadOnlyDictionary<string, string> Sorts = DocumentQuery.Sorts(
        ("name", DocumentQuery.Text("name")),
        ("code", DocumentQuery.Text("code")),
        ("type", DocumentQuery.Text("type")),
        ("category", DocumentQuery.Text("category")),
        ("price", DocumentQuery.Number("price")),
        ("activeCustomerCount", DocumentQuery.Number("activeCustomerCount")));

    public async Task<Page<ServiceView>> SearchAsync(ServiceSearch search, CancellationToken cancellationToken)
    {
        var query = new DocumentQuery(Kind, search.Page, Sorts)
            .WhereStatus(search.Status)
            .WhereText("type", search.Type is { } type ? ServiceCodes.Type.Code(type) : null)
            .WhereEnum("category", search.Category)
            .WhereText("technology", search.Technology is { } technology ? ServiceCodes.Technology.Code(technology) : null)
            .Search(search.SearchTerm);
        var page = await documents.SearchAsync<ServiceState>(query, cancellationToken);
        return page.Map(ServiceView.From);
    }

    public async Task<IReadOnlyList<ServiceView>> ListByNameAsync(int limit)
    {
        var page = await documents.SearchAsync<ServiceState>(new DocumentQuery(Kind, new PageRequest(0, limit, "name", false), Sorts));
        return page.Items.Select(ServiceView.From).ToList();
    }

    public Task<Dictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken) =>
        documents.CountByStatusAsync(new DocumentQuery(Kind, PageRequest.Unpaged, Sorts), cancellationToken);

    public async Task<Guid?> FindIdByCodeAsync(string code)
    {
        await using var command = database.CreateCommand("SELECT id FROM documents WHERE kind = @kind AND doc ->> 'code' = @code");
        command.Parameters.Add(new NpgsqlParameter<string>("kind", Kind));
        command.Parameters.Add(new NpgsqlParameter<string>("code", code));
        return await command.ExecuteScalarAsync() is Guid id ? id : null;
    }

    public async Task<ServiceStatistics> StatisticsAsync()
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
            FROM documents WHERE kind = @kind
            """));
        batch.BatchCommands.Add(Command("""
            SELECT 'category', doc ->> 'category', count(*) FROM documents WHERE kind = @kind GROUP BY 2
            UNION ALL
            SELECT 'type', doc ->> 'type', count(*) FROM documents WHERE kind = @kind GROUP BY 2
            UNION ALL
            SELECT 'technology', doc ->> 'technology', count(*) FROM documents
            WHERE kind = @kind AND doc ->> 'technology' IS NOT NULL GROUP BY 2
            """));
        batch.BatchCommands.Add(Command(
            $"SELECT doc::text FROM documents WHERE kind = @kind AND {customers} > 0 ORDER BY {customers} DESC, doc ->> 'name', id LIMIT 1"));
        batch.BatchCommands.Add(Command(
            $"SELECT doc::text FROM documents WHERE kind = @kind AND {price} * {customers} > 0 ORDER BY {price} * {customers} DESC, doc ->> 'name', id LIMIT 1"));
        await using var reader = await batch.ExecuteReaderAsync();

        await reader.ReadAsync();
        var (total, active, inactive, planned) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        var (averagePrice, revenue) = (reader.GetDecimal(4), reader.GetDecimal(5));

        await reader.NextResultAsync();
        var breakdowns = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal)
        {
            ["category"] = new(StringComparer.Ordinal),
            ["type"] = new(StringComparer.Ordinal),
            ["technology"] = new(StringComparer.Ordinal),
        };
        while (await reader.ReadAsync())
        {
            breakdowns[reader.GetString(0)][reader.GetString(1)] = reader.GetInt64(2);
        }

        await reader.NextResultAsync();
        var mostPopular = await ReadServiceAsync(reader);
        await reader.NextResultAsync();
        var topRevenue = await ReadServiceAsync(reader);

        return new ServiceStatistics(total, active, inactive, planned, averagePrice, revenue,
            breakdowns["category"], breakdowns["type"], breakdowns["technology"], mostPopular, topRevenue);
    }

    private static NpgsqlBatchCommand Command(string sql)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter("kind", NpgsqlDbType.Text) { Value = Kind });
        return command;
    }

    private static async Task<ServiceView?> ReadServiceAsync(NpgsqlDataReader reader) =>
        await reader.ReadAsync() && JsonSerializer.Deserialize<ServiceState>(reader.GetString(0), StateJson.Options) is { } state
            ? ServiceView.From(state)
            : null;
}
