using Bss.Abstractions.Assets;
using Bss.Abstractions.Customers;
using Bss.Domain.Assets;
using Bss.Domain.Common;
using Bss.Domain.Customers;

namespace Bss.Grains.Tests;

[Collection(ClusterCollection.Name)]
public class SimCardGrainTests(ClusterFixture fixture)
{
    private static SimCardDetails Details() => new(
        "8948" + Random.Shared.NextInt64(100_000_000_000_000, 999_999_999_999_999),
        "48" + Random.Shared.Next(500_000_000, 999_999_999),
        "260" + Random.Shared.NextInt64(100_000_000_000, 999_999_999_999),
        "Orange", "internet", null, null, null, null, null, null, null, null, null);

    private async Task<ISimCardGrain> RegisteredSimAsync()
    {
        var sim = fixture.Grains.GetGrain<ISimCardGrain>(Guid.NewGuid());
        Assert.True((await sim.RegisterAsync(Details())).IsSuccess);
        return sim;
    }

    private async Task<Guid> CustomerAsync(string lastName = "Nowak")
    {
        var id = Guid.NewGuid();
        await fixture.Grains.GetGrain<ICustomerGrain>(id).RegisterAsync(new CustomerDetails("Anna", lastName, "anna@example.com", null, null, null));
        return id;
    }

    [Fact]
    public async Task Register_ValidDetails_IsAvailableWithZeroUsage()
    {
        var sim = fixture.Grains.GetGrain<ISimCardGrain>(Guid.NewGuid());

        var registered = await sim.RegisterAsync(Details());

        Assert.Equal(registered.Value, await sim.GetAsync());
        Assert.Equal(SimCardStatus.Available, registered.Value!.Status);
        Assert.Equal(0, registered.Value.Usage.DataUsedMb);
    }

    [Fact]
    public async Task Register_SameDetailsTwice_AnswersTheSameCard()
    {
        var sim = fixture.Grains.GetGrain<ISimCardGrain>(Guid.NewGuid());
        var details = Details();

        var first = await sim.RegisterAsync(details);
        var retry = await sim.RegisterAsync(details with { Msisdn = "+" + details.Msisdn });

        Assert.Equal(first.Value, retry.Value);
    }

    [Fact]
    public async Task AssignToCustomer_TenAtOnceForTenCustomers_ExactlyOneWins()
    {
        var sim = await RegisteredSimAsync();
        var customers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => CustomerAsync($"Racer{i}")));

        var results = await Task.WhenAll(customers.Select(sim.AssignToCustomerAsync));

        var winner = Assert.Single(results, r => r.IsSuccess);
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal(ErrorKind.Conflict, r.Error!.Kind));
        Assert.Equal(winner.Value!.AssignedTo!.Id, (await sim.GetAsync())!.AssignedTo!.Id);
    }

    [Fact]
    public async Task AssignToCustomer_UnknownCustomer_IsNotFound()
    {
        var sim = await RegisteredSimAsync();

        Assert.Equal(ErrorKind.NotFound, (await sim.AssignToCustomerAsync(Guid.NewGuid())).Error!.Kind);
    }

    [Fact]
    public async Task Release_ThenAssignToAnother_MovesTheHolder()
    {
        var sim = await RegisteredSimAsync();
        await sim.AssignToCustomerAsync(await CustomerAsync());

        var released = await sim.ReleaseAsync(null);
        var next = await sim.AssignToCustomerAsync(await CustomerAsync("Second"));

        Assert.Null(released.Value!.AssignedTo);
        Assert.Equal("Anna Second", next.Value!.AssignedTo!.Name);
        Assert.Equal(SimCardStatus.Assigned, next.Value.Status);
    }

    [Fact]
    public async Task State_SurvivesDeactivation()
    {
        var sim = await RegisteredSimAsync();
        var customerId = await CustomerAsync();
        await sim.AssignToCustomerAsync(customerId);
        await sim.ChangeStatusAsync(SimCardStatus.Suspended, null);

        await fixture.Cluster.DeactivateAsync(sim);

        var read = await sim.GetAsync();
        Assert.Equal(SimCardStatus.Suspended, read!.Status);
        Assert.Equal(customerId, read.AssignedTo!.Id);
    }
}
