using Bss.Abstractions.Customers;
using Bss.Abstractions.Products;
using Bss.Abstractions.Subscriptions;
using Bss.Domain.Common;
using Bss.Domain.Customers;
using Bss.Domain.Products;
using Bss.Domain.Subscriptions;

namespace Bss.Grains.Tests;

/// <summary>Subscriptions and the rules that tie them to their customer and product, across grains.</summary>
[Collection(ClusterCollection.Name)]
public class SubscriptionGrainTests(ClusterFixture fixture)
{
    private async Task<ICustomerGrain> ActiveCustomerAsync()
    {
        var customer = fixture.Grains.GetGrain<ICustomerGrain>(Guid.NewGuid());
        await customer.RegisterAsync(new CustomerDetails("Anna", "Nowak", "anna@example.com", null, null, null));
        return customer;
    }

    private DateOnly Today => DateOnly.FromDateTime(fixture.Time.GetUtcNow().UtcDateTime);

    private async Task<IProductGrain> ActiveProductAsync(BillingPeriod period = BillingPeriod.Quarterly, decimal price = 120m)
    {
        var product = fixture.Grains.GetGrain<IProductGrain>(Guid.NewGuid());
        await product.AddToCatalogAsync(new ProductDetails("TV-" + Guid.NewGuid().ToString("N")[..8], "TV Max", null,
            ProductType.Bundle, ProductCategory.Tv, price, "PLN", period, null, null, null));
        return product;
    }

    private static readonly SubscriptionDetails Changes = new(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    private static SubscriptionDetails For(IGrainWithGuidKey customer, IGrainWithGuidKey product) => new(
        null, customer.GetPrimaryKey(), product.GetPrimaryKey(), null, null, null, null, null, null, null, null, null, null, null, null);

    private async Task<(ICustomerGrain Customer, ISubscriptionGrain Subscription)> SubscribedAsync()
    {
        var customer = await ActiveCustomerAsync();
        var subscription = fixture.Grains.GetGrain<ISubscriptionGrain>(Guid.NewGuid());
        var result = await subscription.SubscribeAsync(For(customer, await ActiveProductAsync()));
        Assert.True(result.IsSuccess, result.Error?.Message);
        return (customer, subscription);
    }

    [Fact]
    public async Task Subscribe_ActiveCustomerAndProduct_TakesTheProductsTerms()
    {
        var customer = await ActiveCustomerAsync();
        var product = await ActiveProductAsync();
        var subscription = fixture.Grains.GetGrain<ISubscriptionGrain>(Guid.NewGuid());

        var result = await subscription.SubscribeAsync(For(customer, product) with { DiscountAmount = 20m });

        var view = result.Value!;
        Assert.Equal(SubscriptionStatus.Active, view.Status);
        Assert.Equal(120m, view.Price);
        Assert.Equal(100m, view.NetAmount);
        Assert.Equal(BillingPeriod.Quarterly, view.BillingPeriod);
        Assert.Equal(Today, view.StartDate);
        Assert.Equal([new SubscriptionTerm(Today, product.GetPrimaryKey(), 120m, 20m)], view.Terms);
        Assert.Null(view.SuspensionReason);
        Assert.Equivalent(view, await subscription.GetAsync(), strict: true);
        Assert.Equal(1, (await customer.GetAsync())!.Version);
    }

    [Fact]
    public async Task Subscribe_Retried_AnswersTheSameSubscription()
    {
        var customer = await ActiveCustomerAsync();
        var details = For(customer, await ActiveProductAsync());
        var subscription = fixture.Grains.GetGrain<ISubscriptionGrain>(Guid.NewGuid());

        var first = await subscription.SubscribeAsync(details);
        var retry = await subscription.SubscribeAsync(details);

        Assert.Equivalent(first.Value, retry.Value, strict: true);
    }

    [Fact]
    public async Task Subscribe_SuspendedCustomer_IsConflictAndStoresNothing()
    {
        var customer = await ActiveCustomerAsync();
        await customer.ChangeStatusAsync(CustomerStatus.Suspended, null);
        var subscription = fixture.Grains.GetGrain<ISubscriptionGrain>(Guid.NewGuid());

        var result = await subscription.SubscribeAsync(For(customer, await ActiveProductAsync()));

        Assert.Equal(ErrorKind.Conflict, result.Error!.Kind);
        Assert.Null(await subscription.GetAsync());
    }

    [Fact]
    public async Task Subscribe_DeprecatedProduct_IsConflict()
    {
        var product = await ActiveProductAsync();
        await product.ChangeStatusAsync(ProductStatus.Deprecated, null);

        var result = await fixture.Grains.GetGrain<ISubscriptionGrain>(Guid.NewGuid())
            .SubscribeAsync(For(await ActiveCustomerAsync(), product));

        Assert.Equal(["the product is DEPRECATED, not ACTIVE"], result.Error!.FieldErrors!["productId"]);
    }

    [Fact]
    public async Task Subscribe_UnknownCustomer_IsValidationNamingCustomerId()
    {
        var result = await fixture.Grains.GetGrain<ISubscriptionGrain>(Guid.NewGuid())
            .SubscribeAsync(For(fixture.Grains.GetGrain<ICustomerGrain>(Guid.NewGuid()), await ActiveProductAsync()));

        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.True(result.Error.FieldErrors!.ContainsKey("customerId"));
    }

    [Fact]
    public async Task Terminate_CustomerWithActiveSubscription_IsRefusedNamingIt()
    {
        var (customer, subscription) = await SubscribedAsync();

        var result = await customer.ChangeStatusAsync(CustomerStatus.Terminated, null);

        Assert.Equal(ErrorKind.Conflict, result.Error!.Kind);
        Assert.Contains(subscription.GetPrimaryKey().ToString(), result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(CustomerStatus.Active, (await customer.GetAsync())!.Status);
    }

    [Theory]
    [InlineData(SubscriptionStatus.Cancelled)]
    [InlineData(SubscriptionStatus.Expired)]
    [InlineData(SubscriptionStatus.Suspended)]
    public async Task Terminate_AfterTheSubscriptionStopped_Succeeds(SubscriptionStatus stop)
    {
        var (customer, subscription) = await SubscribedAsync();
        await subscription.ChangeStatusAsync(stop, null);

        var result = await customer.ChangeStatusAsync(CustomerStatus.Terminated, null);

        Assert.Equal(CustomerStatus.Terminated, result.Value!.Status);
    }

    [Fact]
    public async Task Delete_CustomerWithActiveSubscription_IsRefused()
    {
        var (customer, _) = await SubscribedAsync();

        Assert.Equal(ErrorKind.Conflict, (await customer.DeleteAsync(null)).Error!.Kind);
    }

    [Fact]
    public async Task Terminate_ListedIdThatIsNotActive_IsForgottenAndTerminationProceeds()
    {
        var customer = await ActiveCustomerAsync();
        Assert.Null(await customer.AttachSubscriptionAsync(Guid.NewGuid()));

        var result = await customer.ChangeStatusAsync(CustomerStatus.Terminated, null);

        Assert.True(result.IsSuccess, result.Error?.Message);
    }

    [Fact]
    public async Task Resume_AfterTheCustomerWasTerminated_IsRefused()
    {
        var (customer, subscription) = await SubscribedAsync();
        await subscription.ChangeStatusAsync(SubscriptionStatus.Suspended, null);
        await customer.ChangeStatusAsync(CustomerStatus.Terminated, null);

        var resume = await subscription.ChangeStatusAsync(SubscriptionStatus.Active, null);

        Assert.Equal(ErrorKind.Conflict, resume.Error!.Kind);
        Assert.Equal(SubscriptionStatus.Suspended, (await subscription.GetAsync())!.Status);
    }

    [Fact]
    public async Task Resume_ThenTerminate_IsRefusedAgain()
    {
        var (customer, subscription) = await SubscribedAsync();
        await subscription.ChangeStatusAsync(SubscriptionStatus.Suspended, null);
        await subscription.ChangeStatusAsync(SubscriptionStatus.Active, null);

        var result = await customer.ChangeStatusAsync(CustomerStatus.Terminated, null);

        Assert.Equal(ErrorKind.Conflict, result.Error!.Kind);
    }

    [Fact]
    public async Task TerminateAndCancel_Concurrently_NeverLeaveAnActiveSubscriptionOfATerminatedCustomer()
    {
        var (customer, subscription) = await SubscribedAsync();

        var terminate = customer.ChangeStatusAsync(CustomerStatus.Terminated, null);
        var cancel = subscription.ChangeStatusAsync(SubscriptionStatus.Cancelled, null);
        await Task.WhenAll(terminate, cancel);

        Assert.True((await cancel).IsSuccess);
        var terminated = (await customer.GetAsync())!.Status == CustomerStatus.Terminated;
        Assert.True(!terminated || (await subscription.GetAsync())!.Status != SubscriptionStatus.Active);
    }

    [Fact]
    public async Task Renew_ActiveWithEndDate_ExtendsByTheProductsPeriod()
    {
        var customer = await ActiveCustomerAsync();
        var subscription = fixture.Grains.GetGrain<ISubscriptionGrain>(Guid.NewGuid());
        await subscription.SubscribeAsync(For(customer, await ActiveProductAsync()) with
        {
            StartDate = new DateOnly(2026, 1, 1), EndDate = new DateOnly(2026, 12, 31),
        });

        var renewed = await subscription.RenewAsync(1);

        Assert.Equal(new DateOnly(2027, 3, 31), renewed.Value!.EndDate);
    }

    [Fact]
    public async Task UpdateTerms_NewPrice_AppendsATermFromToday()
    {
        var customer = await ActiveCustomerAsync();
        var product = await ActiveProductAsync();
        var subscription = fixture.Grains.GetGrain<ISubscriptionGrain>(Guid.NewGuid());
        var start = Today.AddMonths(-2);
        await subscription.SubscribeAsync(For(customer, product) with { StartDate = start });

        var updated = await subscription.UpdateTermsAsync(Changes with { Price = 99m }, 1);

        Assert.Equal(
            [new SubscriptionTerm(start, product.GetPrimaryKey(), 120m, 0m), new SubscriptionTerm(Today, product.GetPrimaryKey(), 99m, 0m)],
            updated.Value!.Terms);
    }

    [Fact]
    public async Task ChangePlan_OtherActiveProduct_TakesItsCurrentPriceAndAppendsATerm()
    {
        var (_, subscription) = await SubscribedAsync();
        var product = await ActiveProductAsync(price: 150m);
        await product.UpdateDetailsAsync(new ProductDetails("TV-" + Guid.NewGuid().ToString("N")[..8], "TV Max+", null,
            ProductType.Bundle, ProductCategory.Tv, 160m, "PLN", BillingPeriod.Quarterly, null, null, null), 1);
        var from = Today.AddDays(10);

        var changed = await subscription.ChangePlanAsync(new PlanChange(product.GetPrimaryKey(), null, 10m, from), 1);

        var view = changed.Value!;
        Assert.Equal(product.GetPrimaryKey(), view.ProductId);
        Assert.Equal(160m, view.Price);
        Assert.Equal(150m, view.NetAmount);
        Assert.Equal(new SubscriptionTerm(from, product.GetPrimaryKey(), 160m, 10m), view.Terms[^1]);
        Assert.Equal(2, view.Terms.Count);
        Assert.Equal(2, view.Version);
    }

    [Fact]
    public async Task ChangePlan_ProductDeactivatedMeanwhile_IsConflictAndChangesNothing()
    {
        var (_, subscription) = await SubscribedAsync();
        var product = await ActiveProductAsync();
        await product.ChangeStatusAsync(ProductStatus.Inactive, null);

        var changed = await subscription.ChangePlanAsync(new PlanChange(product.GetPrimaryKey(), null, null, null), null);

        Assert.Equal(ErrorKind.Conflict, changed.Error!.Kind);
        Assert.Equal(1, (await subscription.GetAsync())!.Version);
    }

    [Fact]
    public async Task ChangePlan_OtherBillingPeriodOrUnknownProduct_IsRefused()
    {
        var (_, subscription) = await SubscribedAsync();
        var monthly = await ActiveProductAsync(BillingPeriod.Monthly);

        var otherPeriod = await subscription.ChangePlanAsync(new PlanChange(monthly.GetPrimaryKey(), null, null, null), null);
        var unknown = await subscription.ChangePlanAsync(new PlanChange(Guid.NewGuid(), null, null, null), null);

        Assert.Equal(["the product is billed MONTHLY, the subscription QUARTERLY"], otherPeriod.Error!.FieldErrors!["productId"]);
        Assert.Equal(ErrorKind.Validation, unknown.Error!.Kind);
    }

    [Fact]
    public async Task Cancel_WithoutEndDate_EndsToday()
    {
        var (_, subscription) = await SubscribedAsync();

        var cancelled = await subscription.ChangeStatusAsync(SubscriptionStatus.Cancelled, null);

        Assert.Equal(Today, cancelled.Value!.EndDate);
        Assert.Null(cancelled.Value.SuspensionReason);
    }

    [Fact]
    public async Task Suspend_OnRequest_IsManual()
    {
        var (_, subscription) = await SubscribedAsync();

        var suspended = await subscription.ChangeStatusAsync(SubscriptionStatus.Suspended, null);

        Assert.Equal(SuspensionReason.Manual, suspended.Value!.SuspensionReason);
    }

    [Fact]
    public async Task SuspendForDunning_Active_SuspendsOnceAndDetachesFromTheCustomer()
    {
        var (customer, subscription) = await SubscribedAsync();

        var first = await subscription.SuspendForDunningAsync();
        var again = await subscription.SuspendForDunningAsync();

        Assert.Equal(SubscriptionStatus.Suspended, first!.Status);
        Assert.Equal(SuspensionReason.Dunning, first.SuspensionReason);
        Assert.Equal(2, again!.Version);
        Assert.True((await customer.ChangeStatusAsync(CustomerStatus.Terminated, null)).IsSuccess);
    }

    [Fact]
    public async Task SuspendForDunning_SuspendedManually_ChangesNothing()
    {
        var (_, subscription) = await SubscribedAsync();
        await subscription.ChangeStatusAsync(SubscriptionStatus.Suspended, null);

        var view = await subscription.SuspendForDunningAsync();

        Assert.Equal(SuspensionReason.Manual, view!.SuspensionReason);
        Assert.Equal(2, view.Version);
    }

    [Fact]
    public async Task SuspendForDunning_UnknownSubscription_IsNull()
    {
        Assert.Null(await fixture.Grains.GetGrain<ISubscriptionGrain>(Guid.NewGuid()).SuspendForDunningAsync());
    }

    [Fact]
    public async Task ResumeFromDunning_SuspendedForDunning_IsActiveOnceAndAttachedAgain()
    {
        var (customer, subscription) = await SubscribedAsync();
        await subscription.SuspendForDunningAsync();

        var resumed = await subscription.ResumeFromDunningAsync();
        var again = await subscription.ResumeFromDunningAsync();

        Assert.Equal(SubscriptionStatus.Active, resumed.Value!.Status);
        Assert.Null(resumed.Value.SuspensionReason);
        Assert.Equal(3, again.Value!.Version);
        Assert.Equal(ErrorKind.Conflict, (await customer.ChangeStatusAsync(CustomerStatus.Terminated, null)).Error!.Kind);
    }

    [Fact]
    public async Task ResumeFromDunning_SuspendedManually_ChangesNothing()
    {
        var (_, subscription) = await SubscribedAsync();
        await subscription.ChangeStatusAsync(SubscriptionStatus.Suspended, null);

        var view = await subscription.ResumeFromDunningAsync();

        Assert.Equal(SubscriptionStatus.Suspended, view.Value!.Status);
        Assert.Equal(2, view.Value.Version);
    }

    [Fact]
    public async Task ResumeFromDunning_CustomerNotActive_IsConflictAndStaysSuspended()
    {
        var (customer, subscription) = await SubscribedAsync();
        await subscription.SuspendForDunningAsync();
        await customer.ChangeStatusAsync(CustomerStatus.Suspended, null);

        var resumed = await subscription.ResumeFromDunningAsync();

        Assert.Equal(ErrorKind.Conflict, resumed.Error!.Kind);
        Assert.Equal(SuspensionReason.Dunning, (await subscription.GetAsync())!.SuspensionReason);
    }

    [Fact]
    public async Task ResumeFromDunning_UnknownSubscription_IsNotFound()
    {
        var resumed = await fixture.Grains.GetGrain<ISubscriptionGrain>(Guid.NewGuid()).ResumeFromDunningAsync();

        Assert.Equal(ErrorKind.NotFound, resumed.Error!.Kind);
    }

    [Fact]
    public async Task State_SurvivesDeactivation_AndStillBlocksTermination()
    {
        var (customer, subscription) = await SubscribedAsync();

        await fixture.Cluster.DeactivateAsync(subscription);
        await fixture.Cluster.DeactivateAsync(customer);

        Assert.Equal(SubscriptionStatus.Active, (await subscription.GetAsync())!.Status);
        Assert.False((await customer.ChangeStatusAsync(CustomerStatus.Terminated, null)).IsSuccess);
    }

    [Fact]
    public async Task TermsAndSuspensionReason_SurviveDeactivation()
    {
        var (_, subscription) = await SubscribedAsync();
        await subscription.UpdateTermsAsync(Changes with { DiscountAmount = 20m }, 1);
        var before = await subscription.SuspendForDunningAsync();

        await fixture.Cluster.DeactivateAsync(subscription);
        var after = await subscription.GetAsync();

        Assert.Equal(before!.Terms, after!.Terms);
        Assert.Equal(SuspensionReason.Dunning, after.SuspensionReason);
    }
}
