using System.Net;
using Bss.IntegrationTests.Infrastructure;
using Npgsql;

namespace Bss.IntegrationTests;

/// <summary>Deleting a customer erases its personal data from what PostgreSQL keeps of it.</summary>
[Collection(ApiCluster.Name)]
public class CustomerErasureTests(ApiClusterFixture cluster)
{
    [Fact]
    public async Task Delete_Customer_StateRowKeepsNoPersonalDataAndTheReadRowIsGone()
    {
        var created = await cluster.Http.CreateCustomerAsync();
        var id = (string)created["id"]!;

        using var deleted = await cluster.Http.DeleteAsync($"{Api.Customers}/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await using var db = NpgsqlDataSource.Create(TestEnvironment.PostgresThroughPgBouncer);
        await using var command = db.CreateCommand("""
            SELECT doc::text, kind IS NULL, (SELECT count(*) FROM customers WHERE id = $1::uuid)
            FROM orleansstorage
            WHERE graintypestring = 'customer' AND doc ->> 'id' = $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the tombstone row is kept");
        var tombstone = reader.GetString(0);
        Assert.True(reader.GetBoolean(1), "the tombstone is in no list");
        Assert.Equal(0L, reader.GetInt64(2));
        foreach (var field in new[] { "pesel", "nip", "phone", "email", "firstName", "lastName" })
        {
            var value = (string?)created[field];
            Assert.False(string.IsNullOrEmpty(value), $"the test customer has a {field}");
            Assert.DoesNotContain(value, tombstone, StringComparison.Ordinal);
        }
    }
}
