using Bss.Abstractions.Billing;
using Bss.Abstractions.Customers;
using Bss.Domain.Common;
using Bss.Domain.Customers;
using Microsoft.Extensions.DependencyInjection;

namespace Bss.Grains.Tests;

[Collection(ClusterCollection.Name)]
public class CustomerGrainTests(ClusterFixture fixture)
{
    private static CustomerDetails Details(string lastName = "Kowalski") =>
        new("Anna", lastName, "anna@example.com", "44051401359", null, "+48600100200");

    private ICustomerGrain NewCustomer() => fixture.Grains.GetGrain<ICustomerGrain>(Guid.NewGuid());

    [Fact]
    public async Task Register_ValidDetails_IsReadableAtVersionOne()
    {
        var customer = NewCustomer();

        var registered = await customer.RegisterAsync(Details());
        var read = await customer.GetAsync();

        Assert.True(registered.IsSuccess);
        Assert.Equal(registered.Value, read);
        Assert.Equal(CustomerStatus.Active, read!.Status);
        Assert.Equal(1, read.Version);
        Assert.Equal(customer.GetPrimaryKey(), read.Id);
    }

    [Fact]
    public async Task Register_TimestampsComeFromTheInjectedClock()
    {
        var customer = NewCustomer();

        var registered = await customer.RegisterAsync(Details());

        Assert.Equal(fixture.Time.GetUtcNow(), registered.Value!.CreatedAt);
    }

    [Fact]
    public async Task Register_SameDetailsTwice_AnswersTheSameCustomer()
    {
        var customer = NewCustomer();

        var first = await customer.RegisterAsync(Details());
        var retry = await customer.RegisterAsync(Details());

        Assert.Equal(first.Value, retry.Value);
        Assert.Equal(1, retry.Value!.Version);
    }

    [Fact]
    public async Task Register_OtherDetailsUnderTakenId_IsAlreadyExists()
    {
        var customer = NewCustomer();
        await customer.RegisterAsync(Details());

        var second = await customer.RegisterAsync(Details("Nowak"));

        Assert.Equal(ErrorKind.AlreadyExists, second.Error!.Kind);
        Assert.Equal("Kowalski", (await customer.GetAsync())!.LastName);
    }

    [Fact]
    public async Task Register_InvalidDetails_StoresNothing()
    {
        var customer = NewCustomer();

        var result = await customer.RegisterAsync(Details() with { Email = "nope" });

        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.Null(await customer.GetAsync());
    }

    [Fact]
    public async Task Get_NeverRegistered_IsNull() => Assert.Null(await NewCustomer().GetAsync());

    [Fact]
    public async Task UpdateDetails_StaleVersion_KeepsCurrentState()
    {
        var customer = NewCustomer();
        await customer.RegisterAsync(Details());
        await customer.UpdateDetailsAsync(Details("Nowak"), expectedVersion: 1);

        var stale = await customer.UpdateDetailsAsync(Details("Wiśniewska"), expectedVersion: 1);

        Assert.Equal(ErrorKind.VersionConflict, stale.Error!.Kind);
        var current = await customer.GetAsync();
        Assert.Equal("Nowak", current!.LastName);
        Assert.Equal(2, current.Version);
    }

    [Fact]
    public async Task ChangeStatus_SuspendThenTerminate_EndsTerminated()
    {
        var customer = NewCustomer();
        await customer.RegisterAsync(Details());

        await customer.ChangeStatusAsync(CustomerStatus.Suspended, expectedVersion: 1);
        var terminated = await customer.ChangeStatusAsync(CustomerStatus.Terminated, expectedVersion: null);
        var revive = await customer.ChangeStatusAsync(CustomerStatus.Active, expectedVersion: null);

        Assert.Equal(CustomerStatus.Terminated, terminated.Value!.Status);
        Assert.Equal(ErrorKind.InvalidTransition, revive.Error!.Kind);
        Assert.Equal(3, (await customer.GetAsync())!.Version);
    }

    [Fact]
    public async Task Delete_ThenGet_IsGoneAndIdIsNotReused()
    {
        var customer = NewCustomer();
        await customer.RegisterAsync(Details());

        var deleted = await customer.DeleteAsync(expectedVersion: 1);
        var again = await customer.RegisterAsync(Details());

        Assert.True(deleted.IsSuccess);
        Assert.Null(await customer.GetAsync());
        Assert.Equal(ErrorKind.AlreadyExists, again.Error!.Kind);
    }

    [Fact]
    public async Task Delete_StopsTheBillingAccountsDailyRun()
    {
        var customer = NewCustomer();
        await customer.RegisterAsync(Details());
        var account = fixture.Grains.GetGrain<IBillingAccountGrain>(customer.GetPrimaryKey());
        await account.UpdateSettingsAsync(new BillingSettings(5, null, null), null);
        Assert.NotEmpty(await DailyRemindersAsync(account));

        await customer.DeleteAsync(expectedVersion: 1);
        await account.RunDailyAsync();
        await fixture.Cluster.DeactivateAsync(account);
        await account.GetAsync();

        Assert.Empty(await DailyRemindersAsync(account));
    }

    private async Task<IList<ReminderEntry>> DailyRemindersAsync(IBillingAccountGrain account)
    {
        var table = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IReminderTable>();
        return (await table.ReadRows(account.GetGrainId())).Reminders;
    }

    [Fact]
    public async Task State_SurvivesDeactivation()
    {
        var customer = NewCustomer();
        await customer.RegisterAsync(Details());
        await customer.ChangeStatusAsync(CustomerStatus.Inactive, null);

        await fixture.Cluster.DeactivateAsync(customer);

        var read = await customer.GetAsync();
        Assert.Equal(CustomerStatus.Inactive, read!.Status);
        Assert.Equal(2, read.Version);
    }
}
