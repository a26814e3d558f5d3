using System.Text;
using Bss.Abstractions.Common;
using Bss.Abstractions.Customers;
using Bss.Domain.Common;
using Bss.Domain.Customers;
using Npgsql;
using NpgsqlTypes;
using Orleans.Concurrency;

namespace Bss.Grains.Customers;

/// <summary>
/// Answers lists and searches from the customers read table, which PostgreSQL keeps equal to the grain
/// state (see dev/postgres/010-customers-read-model.sql). Runs as a local stateless worker on every silo.
/// </summary>
[StatelessWorker]
[GrainType("customer-query")]
public sealed class CustomerQueryGrain(NpgsqlDataSource database) : Grain, ICustomerQueryGrain
{
    private static readonly Dictionary<string, string> SortColumns = new(StringComparer.Ordinal)
    {
        ["createdAt"] = "created_at",
        ["updatedAt"] = "updated_at",
        ["firstName"] = "first_name",
        ["lastName"] = "last_name",
        ["email"] = "email",
        ["status"] = "status",
    };

    public async Task<Page<CustomerView>> SearchAsync(CustomerSearch search)
    {
        var page = search.Page;
        var where = new StringBuilder("TRUE");
        await using var batch = database.CreateBatch();
        var count = new NpgsqlBatchCommand();
        var rows = new NpgsqlBatchCommand();

        if (search.Status is { } status)
        {
            where.Append(" AND status = @status");
            AddParameter(count, rows, "status", EnumText.Code(status));
        }

        if (TextRules.Normalize(search.SearchTerm) is { } term)
        {
            where.Append(" AND search_text LIKE @term");
            AddParameter(count, rows, "term", "%" + EscapeLike(term.ToLowerInvariant()) + "%");
        }

        var column = SortColumns.GetValueOrDefault(page.SortField, "created_at");
        var direction = page.Descending ? "DESC" : "ASC";
        count.CommandText = $"SELECT count(*) FROM customers WHERE {where}";
        rows.CommandText =
            $"""
             SELECT id, first_name, last_name, email, pesel, nip, phone, status, created_at, updated_at, version
             FROM customers WHERE {where}
             ORDER BY {column} {direction}, id {direction}
             LIMIT @limit OFFSET @offset
             """;
        rows.Parameters.Add(new NpgsqlParameter<int>("limit", page.Size));
        rows.Parameters.Add(new NpgsqlParameter<long>("offset", (long)page.PageNumber * page.Size));
        batch.BatchCommands.Add(count);
        batch.BatchCommands.Add(rows);

        await using var reader = await batch.ExecuteReaderAsync();
        await reader.ReadAsync();
        var total = reader.GetInt64(0);
        await reader.NextResultAsync();

        var items = new List<CustomerView>(page.Size);
        while (await reader.ReadAsync())
        {
            if (!EnumText.TryParse<CustomerStatus>(reader.GetString(7), out var rowStatus))
            {
                throw new InvalidDataException($"Unknown customer status '{reader.GetString(7)}' in the read table.");
            }

            items.Add(new CustomerView(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                rowStatus,
                reader.GetFieldValue<DateTimeOffset>(8),
                reader.GetFieldValue<DateTimeOffset>(9),
                reader.GetInt32(10)));
        }

        return new Page<CustomerView>(items, page.PageNumber, page.Size, total);
    }

    private static void AddParameter(NpgsqlBatchCommand count, NpgsqlBatchCommand rows, string name, string value)
    {
        count.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = value });
        rows.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = value });
    }

    private static string EscapeLike(string value) =>
        value.Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal);
}
