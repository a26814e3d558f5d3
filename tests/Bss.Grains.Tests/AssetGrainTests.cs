using Bss.Abstractions.Assets;
using Bss.Abstractions.Customers;
using Bss.Domain.Assets;
using Bss.Domain.Common;
using Bss.Domain.Customers;

namespace Bss.Grains.Tests;

[Collection(ClusterCollection.Name)]
public class AssetGrainTests(ClusterFixture fixture)
{
    private static AssetDetails Details(string name = "Home router") =>
        new("TAG-" + Guid.NewGuid().ToString("N")[..8], "ROUTER", name, null, null, null, "Acme", null, null, "Warehouse A", null, null);

    private IAssetGrain NewAsset() => fixture.Grains.GetGrain<IAssetGrain>(Guid.NewGuid());

    private async Task<IAssetGrain> RegisteredAssetAsync()
    {
        var asset = NewAsset();
        Assert.True((await asset.RegisterAsync(Details())).IsSuccess);
        return asset;
    }

    private async Task<Guid> CustomerAsync(string lastName = "Nowak", CustomerStatus status = CustomerStatus.Active)
    {
        var id = Guid.NewGuid();
        var customer = fixture.Grains.GetGrain<ICustomerGrain>(id);
        await customer.RegisterAsync(new CustomerDetails("Anna", lastName, "anna@example.com", null, null, null));
        if (status != CustomerStatus.Active)
        {
            await customer.ChangeStatusAsync(status, null);
        }

        return id;
    }

    [Fact]
    public async Task Register_ValidDetails_IsAvailableAtVersionOne()
    {
        var asset = NewAsset();

        var registered = await asset.RegisterAsync(Details());

        Assert.Equal(registered.Value, await asset.GetAsync());
        Assert.Equal(AssetStatus.Available, registered.Value!.Status);
        Assert.Equal(asset.GetPrimaryKey(), registered.Value.Id);
        Assert.Equal(fixture.Time.GetUtcNow(), registered.Value.CreatedAt);
    }

    [Fact]
    public async Task Register_SameDetailsTwice_AnswersTheSameAsset()
    {
        var asset = NewAsset();
        var details = Details();

        var first = await asset.RegisterAsync(details);
        var retry = await asset.RegisterAsync(details with { AssetType = "router" });

        Assert.Equal(first.Value, retry.Value);
    }

    [Fact]
    public async Task Register_OtherDetailsUnderTakenId_IsAlreadyExists()
    {
        var asset = await RegisteredAssetAsync();

        Assert.Equal(ErrorKind.AlreadyExists, (await asset.RegisterAsync(Details("Other"))).Error!.Kind);
    }

    [Fact]
    public async Task Get_NeverRegistered_IsNull() => Assert.Null(await NewAsset().GetAsync());

    [Fact]
    public async Task AssignToCustomer_ActiveCustomer_HoldsNameFromTheCustomer()
    {
        var asset = await RegisteredAssetAsync();
        var customerId = await CustomerAsync("Kowalska");

        var assigned = await asset.AssignToCustomerAsync(customerId, "Flat 4");

        var holder = assigned.Value!.AssignedTo!;
        Assert.Equal(AssetStatus.InUse, assigned.Value.Status);
        Assert.Equal(customerId, holder.Id);
        Assert.Equal("Anna Kowalska", holder.Name);
        Assert.Equal(DateOnly.FromDateTime(fixture.Time.GetUtcNow().UtcDateTime), holder.Since);
        Assert.Equal("Flat 4", assigned.Value.Location);
    }

    [Fact]
    public async Task AssignToCustomer_UnknownCustomer_IsNotFoundAndLeavesTheAssetFree()
    {
        var asset = await RegisteredAssetAsync();

        var result = await asset.AssignToCustomerAsync(Guid.NewGuid(), null);

        Assert.Equal(ErrorKind.NotFound, result.Error!.Kind);
        Assert.Equal(AssetStatus.Available, (await asset.GetAsync())!.Status);
    }

    [Fact]
    public async Task AssignToCustomer_SuspendedCustomer_IsConflict()
    {
        var asset = await RegisteredAssetAsync();

        var result = await asset.AssignToCustomerAsync(await CustomerAsync(status: CustomerStatus.Suspended), null);

        Assert.Equal(ErrorKind.Conflict, result.Error!.Kind);
    }

    [Fact]
    public async Task AssignToCustomer_TenAtOnceForTenCustomers_ExactlyOneWins()
    {
        var asset = await RegisteredAssetAsync();
        var customers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => CustomerAsync($"Racer{i}")));

        var results = await Task.WhenAll(customers.Select(c => asset.AssignToCustomerAsync(c, null)));

        var winner = Assert.Single(results, r => r.IsSuccess);
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal(ErrorKind.Conflict, r.Error!.Kind));
        var current = await asset.GetAsync();
        Assert.Equal(winner.Value!.AssignedTo!.Id, current!.AssignedTo!.Id);
        Assert.Equal(2, current.Version);
    }

    [Fact]
    public async Task Release_AssignedAsset_IsAvailableAndCanBeAssignedAgain()
    {
        var asset = await RegisteredAssetAsync();
        await asset.AssignToCustomerAsync(await CustomerAsync(), null);

        var released = await asset.ReleaseAsync(expectedVersion: 2);
        var next = await asset.AssignToCustomerAsync(await CustomerAsync("Second"), null);

        Assert.Equal(AssetStatus.Available, released.Value!.Status);
        Assert.Null(released.Value.AssignedTo);
        Assert.Equal("Anna Second", next.Value!.AssignedTo!.Name);
    }

    [Fact]
    public async Task ChangeStatus_ToInUse_IsInvalidTransition()
    {
        var asset = await RegisteredAssetAsync();

        Assert.Equal(ErrorKind.InvalidTransition, (await asset.ChangeStatusAsync(AssetStatus.InUse, null)).Error!.Kind);
    }

    [Fact]
    public async Task UpdateDetails_StaleVersion_KeepsCurrentState()
    {
        var asset = await RegisteredAssetAsync();
        var details = Details("Renamed");
        await asset.UpdateDetailsAsync(details, 1);

        var stale = await asset.UpdateDetailsAsync(details with { Name = "Again" }, 1);

        Assert.Equal(ErrorKind.VersionConflict, stale.Error!.Kind);
        Assert.Equal("Renamed", (await asset.GetAsync())!.Name);
    }

    [Fact]
    public async Task State_SurvivesDeactivation()
    {
        var asset = await RegisteredAssetAsync();
        var customerId = await CustomerAsync();
        await asset.AssignToCustomerAsync(customerId, null);

        await fixture.Cluster.DeactivateAsync(asset);

        var read = await asset.GetAsync();
        Assert.Equal(AssetStatus.InUse, read!.Status);
        Assert.Equal(customerId, read.AssignedTo!.Id);
    }
}
