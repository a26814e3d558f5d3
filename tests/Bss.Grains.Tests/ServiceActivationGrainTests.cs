using Bss.Abstractions.Customers;
using Bss.Abstractions.ServiceActivations;
using Bss.Abstractions.Services;
using Bss.Domain.Common;
using Bss.Domain.Customers;
using Bss.Domain.ServiceActivations;

namespace Bss.Grains.Tests;

[Collection(ClusterCollection.Name)]
public class ServiceActivationGrainTests(ClusterFixture fixture)
{
    private async Task<Guid> NewCustomerAsync()
    {
        var id = Guid.NewGuid();
        await fixture.Grains.GetGrain<ICustomerGrain>(id)
            .RegisterAsync(new CustomerDetails("Anna", "Nowak", "anna@example.com", null, null, null));
        return id;
    }

    private async Task<IServiceGrain> NewServiceAsync(int? max = null)
    {
        var service = fixture.Grains.GetGrain<IServiceGrain>(Guid.NewGuid());
        await service.DefineAsync(ServiceGrainTests.Details(max: max));
        return service;
    }

    private IServiceActivationGrain NewActivation() => fixture.Grains.GetGrain<IServiceActivationGrain>(Guid.NewGuid());

    private DateOnly Today => DateOnly.FromDateTime(fixture.Time.GetUtcNow().UtcDateTime);

    [Fact]
    public async Task Activate_ActiveCustomerAndService_IsActiveAndCounted()
    {
        var service = await NewServiceAsync();

        var activated = await NewActivation().ActivateAsync(new ActivationRequest(service.GetPrimaryKey(), await NewCustomerAsync(), null, null));

        Assert.Equal(ActivationStatus.Active, activated.Value!.Status);
        Assert.Equal(fixture.Time.GetUtcNow(), activated.Value.ActivatedAt);
        Assert.Equal(1, (await service.GetAsync())!.ActiveCustomerCount);
    }

    [Fact]
    public async Task Activate_Retried_CountsOnce()
    {
        var service = await NewServiceAsync();
        var activation = NewActivation();
        var request = new ActivationRequest(service.GetPrimaryKey(), await NewCustomerAsync(), null, null);

        await activation.ActivateAsync(request);
        var retry = await activation.ActivateAsync(request);

        Assert.Equal(ActivationStatus.Active, retry.Value!.Status);
        Assert.Equal(1, (await service.GetAsync())!.ActiveCustomerCount);
    }

    [Fact]
    public async Task Activate_UnknownCustomer_IsNotFoundAndStoresNothing()
    {
        var service = await NewServiceAsync();
        var activation = NewActivation();

        var result = await activation.ActivateAsync(new ActivationRequest(service.GetPrimaryKey(), Guid.NewGuid(), null, null));

        Assert.Equal(ErrorKind.NotFound, result.Error!.Kind);
        Assert.Null(await activation.GetAsync());
    }

    [Fact]
    public async Task Activate_SuspendedCustomer_IsConflict()
    {
        var service = await NewServiceAsync();
        var customer = await NewCustomerAsync();
        await fixture.Grains.GetGrain<ICustomerGrain>(customer).ChangeStatusAsync(CustomerStatus.Suspended, null);

        var result = await NewActivation().ActivateAsync(new ActivationRequest(service.GetPrimaryKey(), customer, null, null));

        Assert.Equal(ErrorKind.Conflict, result.Error!.Kind);
    }

    [Fact]
    public async Task Activate_ServiceAtMaximum_IsConflict()
    {
        var service = await NewServiceAsync(max: 1);
        await NewActivation().ActivateAsync(new ActivationRequest(service.GetPrimaryKey(), await NewCustomerAsync(), null, null));

        var second = await NewActivation().ActivateAsync(new ActivationRequest(service.GetPrimaryKey(), await NewCustomerAsync(), null, null));

        Assert.Contains("maximum", second.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deactivate_Active_IsInactiveAndUncounted()
    {
        var service = await NewServiceAsync();
        var activation = NewActivation();
        await activation.ActivateAsync(new ActivationRequest(service.GetPrimaryKey(), await NewCustomerAsync(), null, null));

        var deactivated = await activation.DeactivateAsync(new DeactivationRequest(null, "moving"), null);

        Assert.Equal(ActivationStatus.Inactive, deactivated.Value!.Status);
        Assert.Equal("moving", deactivated.Value.DeactivationReason);
        Assert.Equal(0, (await service.GetAsync())!.ActiveCustomerCount);
        Assert.Equal(ErrorKind.InvalidTransition, (await activation.DeactivateAsync(new DeactivationRequest(null, null), null)).Error!.Kind);
    }

    [Fact]
    public async Task Activate_FutureStart_IsScheduledUncountedUntilDue()
    {
        var service = await NewServiceAsync();
        var activation = NewActivation();

        var scheduled = await activation.ActivateAsync(
            new ActivationRequest(service.GetPrimaryKey(), await NewCustomerAsync(), Today.AddDays(1), null));
        var early = await activation.StartIfDueAsync();
        fixture.Time.Advance(TimeSpan.FromDays(1));
        var started = await activation.StartIfDueAsync();

        Assert.Equal(ActivationStatus.Scheduled, scheduled.Value!.Status);
        Assert.Equal(ActivationStatus.Scheduled, early!.Status);
        Assert.Equal(ActivationStatus.Active, started!.Status);
        Assert.Equal(1, (await service.GetAsync())!.ActiveCustomerCount);
    }

    [Fact]
    public async Task Deactivate_Scheduled_IsCancelledWithoutCounting()
    {
        var service = await NewServiceAsync();
        var activation = NewActivation();
        await activation.ActivateAsync(new ActivationRequest(service.GetPrimaryKey(), await NewCustomerAsync(), Today.AddDays(3), null));

        var cancelled = await activation.DeactivateAsync(new DeactivationRequest(null, null), 1);

        Assert.Equal(ActivationStatus.Cancelled, cancelled.Value!.Status);
        Assert.Equal(0, (await service.GetAsync())!.ActiveCustomerCount);
    }

    [Fact]
    public async Task Deactivate_Unknown_IsNotFound() =>
        Assert.Equal(ErrorKind.NotFound, (await NewActivation().DeactivateAsync(new DeactivationRequest(null, null), null)).Error!.Kind);
}
