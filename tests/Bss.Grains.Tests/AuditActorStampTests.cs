using System.Text.Json;
using Bss.Abstractions.Common;
using Bss.Domain.Customers;
using Bss.Grains.Audit;
using Bss.Grains.Common;
using Bss.ReadSide;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace Bss.Grains.Tests;

/// <summary>The actor stamp the audit trigger reads from each state write, on the silo's real JSON storage serializer.</summary>
public class AuditActorStampTests
{
    private static readonly ActorStampingStorageSerializer Serializer = new(new SystemTextJsonGrainStorageSerializer(
        Options.Create(Configured(new SystemTextJsonGrainStorageSerializerOptions()))));

    private static SystemTextJsonGrainStorageSerializerOptions Configured(SystemTextJsonGrainStorageSerializerOptions options)
    {
        StateJson.Configure(options.JsonSerializerOptions);
        return options;
    }

    private static CustomerState Customer() => new()
    {
        Id = Guid.NewGuid(),
        FirstName = "Anna",
        LastName = "Nowak",
        Email = "anna@example.com",
        Pesel = "44051401359",
        Status = CustomerStatus.Active,
        Version = 3,
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    private static async Task<T> AsActorAsync<T>(string? actor, Func<T> work)
    {
        // Async, so the RequestContext change stays inside this call.
        await Task.Yield();
        if (actor is not null)
        {
            Actor.Set(actor);
        }

        return work();
    }

    [Fact]
    public async Task Serialize_WithAnActor_StampsItFirst_AndReadingIgnoresIt()
    {
        var customer = Customer();

        var json = await AsActorAsync("operator", () => Serializer.Serialize(customer));
        var read = Serializer.Deserialize<CustomerState>(json)!;

        Assert.StartsWith("{\"$actor\":\"operator\",\"firstName\":\"Anna\"", json.ToString(), StringComparison.Ordinal);
        Assert.Equal(customer.Id, read.Id);
        Assert.Equal(customer.Pesel, read.Pesel);
        Assert.Equal(customer.Version, read.Version);
        Assert.Equal(CustomerStatus.Active, read.Status);
    }

    [Fact]
    public async Task Serialize_WithoutAnActor_IsThePlainStateJson()
    {
        var customer = Customer();

        var json = await AsActorAsync(null, () => Serializer.Serialize(customer));

        Assert.Equal(JsonSerializer.Serialize(customer, StateJson.Options), json.ToString());
    }

    [Theory]
    [InlineData("system:billing")]
    [InlineData("jan \"the admin\" \\ kowalski")]
    [InlineData("żółć</script>")]
    public void Stamp_AnyName_IsValidJsonHoldingExactlyThatName(string actor)
    {
        var stamped = ActorStampingStorageSerializer.Stamp(BinaryData.FromString("{\"id\":1}"), actor);

        using var document = JsonDocument.Parse(stamped.ToMemory());
        Assert.Equal(actor, document.RootElement.GetProperty(ActorStampingStorageSerializer.Property).GetString());
        Assert.Equal(1, document.RootElement.GetProperty("id").GetInt32());
    }

    [Fact]
    public void Stamp_EmptyObject_HoldsOnlyTheActor() =>
        Assert.Equal("{\"$actor\":\"viewer\"}", ActorStampingStorageSerializer.Stamp(BinaryData.FromString("{}"), "viewer").ToString());

    [Fact]
    public void Stamp_NotAnObject_IsLeftAsItIs() =>
        Assert.Equal("null", ActorStampingStorageSerializer.Stamp(BinaryData.FromString("null"), "viewer").ToString());

    [Theory]
    [InlineData("billing-daily", "system:billing")]
    [InlineData("billing-cycle-watch", "system:billing")]
    [InlineData("billing-shard-resume", "system:billing")]
    [InlineData("completion", "system:order-completion")]
    [InlineData("invoice-sync", "system:payment-sync")]
    [InlineData("start", "system:activation-start")]
    [InlineData("some-new-reminder", "system:some-new-reminder")]
    public void OfReminder_NamesTheSystemProcess(string reminder, string actor) =>
        Assert.Equal(actor, SystemProcesses.OfReminder(reminder));
}
