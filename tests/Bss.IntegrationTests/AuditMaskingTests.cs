using Bss.IntegrationTests.Infrastructure;
using Npgsql;

namespace Bss.IntegrationTests;

/// <summary>The audit trail's masking of personal fields (audit.masked in dev/postgres/012-audit.postgres.sql), in SQL.</summary>
public class AuditMaskingTests : IAsyncLifetime
{
    private NpgsqlDataSource _db = null!;

    public Task InitializeAsync()
    {
        _db = NpgsqlDataSource.Create(TestEnvironment.PostgresThroughPgBouncer);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Theory]
    [InlineData("pesel", "\"44051401359\"", "\"4405******9\"")]
    [InlineData("nip", "\"1234567890\"", "\"1234*****0\"")]
    [InlineData("phone", "\"+48600100200\"", "\"+48*******00\"")]
    [InlineData("email", "\"jan.kowalski@example.com\"", "\"j***@example.com\"")]
    [InlineData("sentToEmail", "\"b@firma.pl\"", "\"b***@firma.pl\"")]
    [InlineData("pesel", "\"12345\"", "\"*****\"")]
    [InlineData("phone", "\"\"", "\"\"")]
    [InlineData("email", "\"@example.com\"", "\"************\"")]
    [InlineData("email", "\"no-at-sign\"", "\"**********\"")]
    [InlineData("firstName", "\"Jan\"", "\"Jan\"")]
    [InlineData("pesel", "null", "null")]
    [InlineData("phone", "123", "123")]
    public async Task Masked_PersonalFieldsKeepOnlyTheirEnds_OthersAsTheyAre(string field, string value, string expected)
    {
        await using var command = _db.CreateCommand("SELECT audit.masked(@field, @value::jsonb)::text");
        command.Parameters.AddWithValue("field", field);
        command.Parameters.AddWithValue("value", value);

        Assert.Equal(expected, (string?)await command.ExecuteScalarAsync());
    }
}
