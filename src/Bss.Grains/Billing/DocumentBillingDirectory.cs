using Bss.Domain.Billing;
using Npgsql;
using NpgsqlTypes;

namespace Bss.Grains.Billing;

/// <summary>
/// The billing directory on the state rows' typed columns (dev/postgres/001-orleans-storage.sql): accounts due on a
/// date are the billing accounts whose cycle day (column num, indexed for this kind) bills on it, plus — on cycle day 1,
/// the default — customers with subscriptions that have no account row yet.
/// </summary>
public sealed class DocumentBillingDirectory(NpgsqlDataSource database) : IBillingDirectory
{
    private const string DueSql = """
        SELECT id FROM orleansstorage
        WHERE kind = 'billing-account' AND (num = ANY(@days) OR (num IS NULL AND @default_due))
        UNION
        SELECT DISTINCT s.customer_id FROM orleansstorage s
        WHERE s.kind = 'subscription' AND s.customer_id IS NOT NULL AND @default_due
          AND NOT EXISTS (SELECT 1 FROM orleansstorage a WHERE a.kind = 'billing-account' AND a.id = s.customer_id)
        ORDER BY 1
        """;

    public async Task<IReadOnlyList<Guid>> DueAccountsAsync(DateOnly cycleDate)
    {
        var days = BillingCalendar.CycleDaysBillingOn(cycleDate).ToArray();
        await using var command = database.CreateCommand(DueSql);
        command.Parameters.Add(new NpgsqlParameter("days", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = days });
        command.Parameters.Add(new NpgsqlParameter("default_due", NpgsqlDbType.Boolean) { Value = days.Contains(1) });
        return await ReadIdsAsync(command);
    }

    public async Task<IReadOnlyList<Guid>> SubscriptionIdsAsync(Guid customerId)
    {
        await using var command = database.CreateCommand("SELECT id FROM orleansstorage WHERE kind = 'subscription' AND customer_id = @customer");
        command.Parameters.Add(new NpgsqlParameter("customer", NpgsqlDbType.Uuid) { Value = customerId });
        return await ReadIdsAsync(command);
    }

    private static async Task<IReadOnlyList<Guid>> ReadIdsAsync(NpgsqlCommand command)
    {
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }
}
