using Bss.Abstractions.Addresses;
using Bss.Abstractions.Customers;
using Bss.Domain.Addresses;
using Bss.Domain.Common;
using Bss.Domain.Customers;

namespace Bss.Grains.Tests;

[Collection(ClusterCollection.Name)]
public class AddressGrainTests(ClusterFixture fixture)
{
    private static AddressDetails Details(Guid customerId, string city = "Warszawa") => new(
        customerId, AddressType.Billing, "Marszałkowska", "10", null, "00-950", city, null, Country.PL, null, null, IsPrimary: false);

    private IAddressGrain NewAddress() => fixture.Grains.GetGrain<IAddressGrain>(Guid.NewGuid());

    private async Task<ICustomerGrain> NewCustomerAsync(string lastName = "Kowalska")
    {
        var customer = fixture.Grains.GetGrain<ICustomerGrain>(Guid.NewGuid());
        await customer.RegisterAsync(new CustomerDetails("Anna", lastName, "anna@example.com", null, null, null));
        return customer;
    }

    [Fact]
    public async Task Create_ForExistingCustomer_IsPendingWithTheCustomersName()
    {
        var customer = await NewCustomerAsync();
        var address = NewAddress();

        var created = await address.CreateAsync(Details(customer.GetPrimaryKey()));
        var read = await address.GetAsync();

        Assert.True(created.IsSuccess);
        Assert.Equal(created.Value, read);
        Assert.Equal(AddressStatus.Pending, read!.Status);
        Assert.Equal("Anna Kowalska", read.CustomerName);
        Assert.Equal(customer.GetPrimaryKey(), read.CustomerId);
        Assert.Equal(address.GetPrimaryKey(), read.Id);
        Assert.Equal(fixture.Time.GetUtcNow(), read.CreatedAt);
    }

    [Fact]
    public async Task Create_UnknownCustomer_IsValidationErrorAndStoresNothing()
    {
        var address = NewAddress();

        var result = await address.CreateAsync(Details(Guid.NewGuid()));

        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.True(result.Error.FieldErrors!.ContainsKey("customerId"));
        Assert.Null(await address.GetAsync());
    }

    [Fact]
    public async Task Create_DeletedCustomer_IsRefused()
    {
        var customer = await NewCustomerAsync();
        await customer.DeleteAsync(null);

        var result = await NewAddress().CreateAsync(Details(customer.GetPrimaryKey()));

        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
    }

    [Fact]
    public async Task Create_SameDetailsTwice_AnswersTheSameAddress()
    {
        var customer = await NewCustomerAsync();
        var address = NewAddress();

        var first = await address.CreateAsync(Details(customer.GetPrimaryKey()));
        var retry = await address.CreateAsync(Details(customer.GetPrimaryKey()));

        Assert.Equal(first.Value, retry.Value);
        Assert.Equal(1, retry.Value!.Version);
    }

    [Fact]
    public async Task Create_OtherDetailsUnderTakenId_IsAlreadyExists()
    {
        var customer = await NewCustomerAsync();
        var address = NewAddress();
        await address.CreateAsync(Details(customer.GetPrimaryKey()));

        var second = await address.CreateAsync(Details(customer.GetPrimaryKey(), "Gdańsk"));

        Assert.Equal(ErrorKind.AlreadyExists, second.Error!.Kind);
        Assert.Equal("Warszawa", (await address.GetAsync())!.City);
    }

    [Fact]
    public async Task UpdateDetails_AfterCustomerRename_RefreshesCustomerName()
    {
        var customer = await NewCustomerAsync();
        var address = NewAddress();
        await address.CreateAsync(Details(customer.GetPrimaryKey()));
        await customer.UpdateDetailsAsync(new CustomerDetails("Anna", "Nowak", "anna@example.com", null, null, null), 1);

        var updated = await address.UpdateDetailsAsync(Details(customer.GetPrimaryKey(), "Kraków"), expectedVersion: 1);

        Assert.Equal("Anna Nowak", updated.Value!.CustomerName);
        Assert.Equal("Kraków", updated.Value.City);
        Assert.Equal(2, updated.Value.Version);
    }

    [Fact]
    public async Task UpdateDetails_StaleVersion_KeepsCurrentState()
    {
        var customer = await NewCustomerAsync();
        var address = NewAddress();
        await address.CreateAsync(Details(customer.GetPrimaryKey()));
        await address.UpdateDetailsAsync(Details(customer.GetPrimaryKey(), "Kraków"), 1);

        var stale = await address.UpdateDetailsAsync(Details(customer.GetPrimaryKey(), "Poznań"), 1);

        Assert.Equal(ErrorKind.VersionConflict, stale.Error!.Kind);
        Assert.Equal("Kraków", (await address.GetAsync())!.City);
    }

    [Fact]
    public async Task UpdateDetails_NeverCreated_IsNotFound()
    {
        var result = await NewAddress().UpdateDetailsAsync(Details(Guid.NewGuid()), 1);

        Assert.Equal(ErrorKind.NotFound, result.Error!.Kind);
    }

    [Fact]
    public async Task ChangeStatus_ActivateDeactivateAndBackToPending_LastIsInvalidTransition()
    {
        var customer = await NewCustomerAsync();
        var address = NewAddress();
        await address.CreateAsync(Details(customer.GetPrimaryKey()));

        var active = await address.ChangeStatusAsync(AddressStatus.Active, expectedVersion: 1);
        var inactive = await address.ChangeStatusAsync(AddressStatus.Inactive, expectedVersion: null);
        var pending = await address.ChangeStatusAsync(AddressStatus.Pending, expectedVersion: null);

        Assert.Equal(AddressStatus.Active, active.Value!.Status);
        Assert.Equal(AddressStatus.Inactive, inactive.Value!.Status);
        Assert.Equal(ErrorKind.InvalidTransition, pending.Error!.Kind);
        Assert.Equal(3, (await address.GetAsync())!.Version);
    }

    [Fact]
    public async Task Delete_ThenGet_IsGoneAndIdIsNotReused()
    {
        var customer = await NewCustomerAsync();
        var address = NewAddress();
        await address.CreateAsync(Details(customer.GetPrimaryKey()));

        var deleted = await address.DeleteAsync(expectedVersion: 1);
        var again = await address.CreateAsync(Details(customer.GetPrimaryKey()));

        Assert.True(deleted.IsSuccess);
        Assert.Null(await address.GetAsync());
        Assert.Equal(ErrorKind.AlreadyExists, again.Error!.Kind);
    }

    [Fact]
    public async Task State_SurvivesDeactivation()
    {
        var customer = await NewCustomerAsync();
        var address = NewAddress();
        await address.CreateAsync(Details(customer.GetPrimaryKey()));
        await address.ChangeStatusAsync(AddressStatus.Active, null);

        await fixture.Cluster.DeactivateAsync(address);

        var read = await address.GetAsync();
        Assert.Equal(AddressStatus.Active, read!.Status);
        Assert.Equal(2, read.Version);
    }
}
