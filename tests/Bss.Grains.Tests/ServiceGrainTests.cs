using Bss.Abstractions.Services;
using Bss.Domain.Common;
using Bss.Domain.Services;

namespace Bss.Grains.Tests;

[Collection(ClusterCollection.Name)]
public class ServiceGrainTests(ClusterFixture fixture)
{
    public static ServiceDetails Details(string name = "Fiber 1G", int? max = null) => new(
        name, "G" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(), null, ServiceType.Internet, ServiceCategory.Broadband,
        ServiceTechnology.Fiber, 99.99m, null, null, null, "1 Gbps", null, null, ["N1"], ["static IP"], max, null, null);

    private IServiceGrain NewService() => fixture.Grains.GetGrain<IServiceGrain>(Guid.NewGuid());

    [Fact]
    public async Task Define_ValidDetails_IsReadableAtVersionOne()
    {
        var service = NewService();

        var defined = await service.DefineAsync(Details());

        var read = await service.GetAsync();
        Assert.Equal((defined.Value!.Code, defined.Value.Version), (read!.Code, read.Version));
        Assert.Equal(["N1"], read.RequiredCoverageNodes);
        Assert.Equal(ServiceStatus.Active, defined.Value!.Status);
        Assert.Equal(fixture.Time.GetUtcNow(), defined.Value.CreatedAt);
    }

    [Fact]
    public async Task Define_SameDetailsTwice_AnswersTheSameService()
    {
        var service = NewService();
        var details = Details();

        var first = await service.DefineAsync(details);
        var retry = await service.DefineAsync(details);

        Assert.Equal((first.Value!.Id, first.Value.Version, first.Value.UpdatedAt), (retry.Value!.Id, retry.Value.Version, retry.Value.UpdatedAt));
    }

    [Fact]
    public async Task Define_OtherDetailsUnderTakenId_IsAlreadyExists()
    {
        var service = NewService();
        await service.DefineAsync(Details());

        Assert.Equal(ErrorKind.AlreadyExists, (await service.DefineAsync(Details("Other"))).Error!.Kind);
    }

    [Fact]
    public async Task CountActivation_SameActivationTwice_CountsOnce()
    {
        var service = NewService();
        await service.DefineAsync(Details());
        var activation = Guid.NewGuid();

        await service.CountActivationAsync(activation);
        var retry = await service.CountActivationAsync(activation);

        Assert.Equal(1, retry.Value!.ActiveCustomerCount);
        Assert.Equal(2, retry.Value.Version);
    }

    [Fact]
    public async Task UncountActivation_Twice_DecrementsOnce()
    {
        var service = NewService();
        await service.DefineAsync(Details());
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        await service.CountActivationAsync(a);
        await service.CountActivationAsync(b);

        await service.UncountActivationAsync(a);
        var retry = await service.UncountActivationAsync(a);

        Assert.Equal(1, retry.Value!.ActiveCustomerCount);
    }

    [Fact]
    public async Task CountActivation_AtMaximum_IsConflictAndCountsNothing()
    {
        var service = NewService();
        await service.DefineAsync(Details(max: 1));
        await service.CountActivationAsync(Guid.NewGuid());

        var refused = await service.CountActivationAsync(Guid.NewGuid());

        Assert.Equal(ErrorKind.Conflict, refused.Error!.Kind);
        Assert.Equal(1, (await service.GetAsync())!.ActiveCustomerCount);
    }

    [Fact]
    public async Task Delete_WithCountedCustomer_IsConflict()
    {
        var service = NewService();
        await service.DefineAsync(Details());
        await service.CountActivationAsync(Guid.NewGuid());

        Assert.Equal(ErrorKind.Conflict, (await service.DeleteAsync(null)).Error!.Kind);
        Assert.NotNull(await service.GetAsync());
    }

    [Fact]
    public async Task State_SurvivesDeactivation()
    {
        var service = NewService();
        await service.DefineAsync(Details());
        await service.ChangeStatusAsync(ServiceStatus.Suspended, 1);

        await fixture.Cluster.DeactivateAsync(service);

        Assert.Equal(ServiceStatus.Suspended, (await service.GetAsync())!.Status);
    }
}
