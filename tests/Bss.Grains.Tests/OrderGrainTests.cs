using Bss.Abstractions.Assets;
using Bss.Abstractions.Customers;
using Bss.Abstractions.Orders;
using Bss.Abstractions.Products;
using Bss.Abstractions.ServiceActivations;
using Bss.Abstractions.Services;
using Bss.Abstractions.Subscriptions;
using Bss.Domain.Assets;
using Bss.Domain.Common;
using Bss.Domain.Customers;
using Bss.Domain.Orders;
using Bss.Domain.Products;
using Bss.Domain.ServiceActivations;
using Bss.Domain.Subscriptions;

namespace Bss.Grains.Tests;

/// <summary>Orders, and completion as a workflow across grains: each effect once, failures visible, retries resume.</summary>
[Collection(ClusterCollection.Name)]
public class OrderGrainTests(ClusterFixture fixture)
{
    private async Task<Guid> CustomerAsync()
    {
        var id = Guid.NewGuid();
        await fixture.Grains.GetGrain<ICustomerGrain>(id).RegisterAsync(new CustomerDetails("Anna", "Nowak", "anna@example.com", null, null, null));
        return id;
    }

    private async Task<Guid> ProductAsync(BillingPeriod period = BillingPeriod.Monthly)
    {
        var id = Guid.NewGuid();
        var added = await fixture.Grains.GetGrain<IProductGrain>(id).AddToCatalogAsync(new ProductDetails(
            "MOB-" + Guid.NewGuid().ToString("N")[..8], "Mobile 50", null, ProductType.Tariff, ProductCategory.Mobile, 49.99m, "PLN",
            period, null, null, null));
        Assert.True(added.IsSuccess, added.Error?.Message);
        return id;
    }

    private async Task<IServiceGrain> ServiceAsync()
    {
        var service = fixture.Grains.GetGrain<IServiceGrain>(Guid.NewGuid());
        await service.DefineAsync(ServiceGrainTests.Details());
        return service;
    }

    private async Task<ISimCardGrain> SimAsync()
    {
        var sim = fixture.Grains.GetGrain<ISimCardGrain>(Guid.NewGuid());
        var registered = await sim.RegisterAsync(new SimCardDetails(
            "8948" + Random.Shared.NextInt64(100_000_000_000_000, 999_999_999_999_999),
            "48" + Random.Shared.Next(500_000_000, 999_999_999),
            "260" + Random.Shared.NextInt64(100_000_000_000, 999_999_999_999),
            "Orange", "internet", null, null, null, null, null, null, null, null, null));
        Assert.True(registered.IsSuccess, registered.Error?.Message);
        return sim;
    }

    private static OrderDetails Order(Guid customerId, params OrderItemRequest[] items) =>
        new(null, customerId, null, null, null, null, null, "WEB", null, null, null, items);

    private async Task<IOrderGrain> ProcessingAsync(OrderDetails details)
    {
        var order = fixture.Grains.GetGrain<IOrderGrain>(Guid.NewGuid());
        var placed = await order.PlaceAsync(details);
        Assert.True(placed.IsSuccess, placed.Error?.Message);
        Assert.True((await order.ChangeStatusAsync(OrderStatus.Confirmed, null)).IsSuccess);
        Assert.True((await order.ChangeStatusAsync(OrderStatus.Processing, null)).IsSuccess);
        return order;
    }

    [Fact]
    public async Task HeaderThenAddedItem_Completion_SubscribesOnceToTheAddedItemsProduct()
    {
        var customerId = await CustomerAsync();
        var tariff = await ProductAsync();
        var order = fixture.Grains.GetGrain<IOrderGrain>(Guid.NewGuid());
        var header = await order.PlaceAsync(Order(customerId) with { TotalAmount = 49.99m });
        Assert.True(header.IsSuccess, header.Error?.Message);
        Assert.Equal(ErrorKind.Conflict, (await order.ChangeStatusAsync(OrderStatus.Confirmed, null)).Error?.Kind);
        var itemId = Guid.NewGuid();

        var added = await order.AddItemAsync(itemId, new OrderItemRequest(tariff, null, null, null, null, null, null), header.Value.Version);
        var retried = await order.AddItemAsync(itemId, new OrderItemRequest(tariff, null, null, null, null, null, null), null);
        Assert.True((await order.ChangeStatusAsync(OrderStatus.Confirmed, null)).IsSuccess);
        Assert.True((await order.ChangeStatusAsync(OrderStatus.Processing, null)).IsSuccess);
        var completed = await order.ChangeStatusAsync(OrderStatus.Completed, null);

        Assert.True(added.IsSuccess, added.Error?.Message);
        Assert.Equal(added.Value!.Version, retried.Value!.Version);
        Assert.Equal(OrderStatus.Completed, completed.Value!.Status);
        var step = Assert.Single(completed.Value.Completion!.Steps);
        var subscription = await fixture.Grains.GetGrain<ISubscriptionGrain>(step.TargetId).GetAsync();
        Assert.Equal((tariff, (Guid?)order.GetPrimaryKey()), (subscription!.ProductId, subscription.OrderId));
    }

    [Fact]
    public async Task Complete_OneTimeProduct_PutsItsChargeOnTheNextInvoiceOnce()
    {
        var customerId = await CustomerAsync();
        var router = await ProductAsync(BillingPeriod.OneTime);
        var order = await ProcessingAsync(Order(customerId, new OrderItemRequest(router, 2, null, null, null, null, null)));

        var completed = await order.ChangeStatusAsync(OrderStatus.Completed, null);
        var retried = await order.ChangeStatusAsync(OrderStatus.Completed, null);

        Assert.Equal(OrderStatus.Completed, completed.Value!.Status);
        Assert.True(retried.IsSuccess, retried.Error?.Message);
        Assert.Equal([CompletionEffect.OneTimeCharge], completed.Value.Completion!.Steps.Select(s => s.Effect));
        var preview = await fixture.Grains.GetGrain<Abstractions.Billing.IBillingAccountGrain>(customerId)
            .PreviewAsync(DateOnly.FromDateTime(fixture.Time.GetUtcNow().UtcDateTime));
        var line = Assert.Single(Assert.Single(preview.Value!.Invoices).Draft.Items);
        // 2 × 49.99 = 99.98 net, tax Round(22.9954) = 23.00.
        Assert.Equal((2m, 49.99m, 99.98m, 23.00m, router), (line.Quantity, line.UnitPrice, line.NetAmount, line.TaxAmount, line.ProductId!.Value));
        Assert.StartsWith("Mobile 50 (order ", line.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Place_Retried_AnswersTheSameOrder()
    {
        var details = Order(await CustomerAsync(), new OrderItemRequest(await ProductAsync(), 2, null, null, null, null, null));
        var order = fixture.Grains.GetGrain<IOrderGrain>(Guid.NewGuid());

        var first = await order.PlaceAsync(details);
        var retry = await order.PlaceAsync(details);

        Assert.Equal(99.98m, first.Value!.TotalAmount);
        Assert.Equal(first.Value.Version, retry.Value!.Version);
        Assert.Equal(first.Value.OrderNumber, retry.Value.OrderNumber);
    }

    [Fact]
    public async Task Place_UnknownCustomerAndProduct_IsValidationNamingBoth()
    {
        var result = await fixture.Grains.GetGrain<IOrderGrain>(Guid.NewGuid())
            .PlaceAsync(Order(Guid.NewGuid(), new OrderItemRequest(Guid.NewGuid(), 1, null, null, null, null, null)));

        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.Contains("customerId", result.Error.FieldErrors!.Keys);
        Assert.Contains("items[0].productId", result.Error.FieldErrors!.Keys);
    }

    [Fact]
    public async Task Complete_EveryEffect_CreatesEachOnceAndCompletes()
    {
        var customerId = await CustomerAsync();
        var service = await ServiceAsync();
        var sim = await SimAsync();
        var order = await ProcessingAsync(Order(customerId,
            new OrderItemRequest(await ProductAsync(), 2, 30m, null, service.GetPrimaryKey(), null, sim.GetPrimaryKey())));

        var completed = await order.ChangeStatusAsync(OrderStatus.Completed, null);

        var state = completed.Value!;
        Assert.Equal(OrderStatus.Completed, state.Status);
        Assert.Equal(CompletionState.Done, state.Completion!.State);
        Assert.All(state.Completion.Steps, s => Assert.Equal((StepStatus.Succeeded, 1), (s.Status, s.Attempts)));
        var subscription = (await fixture.Grains.GetGrain<ISubscriptionGrain>(state.Completion.Steps[0].TargetId).GetAsync())!;
        Assert.Equal((customerId, order.GetPrimaryKey(), 60m), (subscription.CustomerId, subscription.OrderId!.Value, subscription.Price));
        var activation = (await fixture.Grains.GetGrain<IServiceActivationGrain>(state.Completion.Steps[1].TargetId).GetAsync())!;
        Assert.Equal((ActivationStatus.Active, customerId), (activation.Status, activation.CustomerId));
        Assert.Equal(customerId, (await sim.GetAsync())!.AssignedTo!.Id);
        Assert.Equal(1, (await service.GetAsync())!.ActiveCustomerCount);
    }

    [Fact]
    public async Task Complete_Retried_AnswersTheCompletedOrderWithoutRunningAnyStepAgain()
    {
        var service = await ServiceAsync();
        var order = await ProcessingAsync(Order(await CustomerAsync(),
            new OrderItemRequest(await ProductAsync(), 1, null, null, service.GetPrimaryKey(), null, null)));
        var first = (await order.ChangeStatusAsync(OrderStatus.Completed, null)).Value!;

        var retry = await order.ChangeStatusAsync(OrderStatus.Completed, null);

        Assert.Equal(first.Version, retry.Value!.Version);
        Assert.Equal(1, (await service.GetAsync())!.ActiveCustomerCount);
    }

    [Fact]
    public async Task Complete_StepThatTookEffectBeforeACrash_IsNotRepeated()
    {
        var customerId = await CustomerAsync();
        var productId = await ProductAsync();
        var order = await ProcessingAsync(Order(customerId, new OrderItemRequest(productId, 1, null, null, null, null, null)));
        // As if an earlier run had created the subscription and died before recording it.
        var target = Domain.Orders.Order.TargetId(order.GetPrimaryKey(), 0, CompletionEffect.Subscription);
        var earlier = await fixture.Grains.GetGrain<ISubscriptionGrain>(target).SubscribeAsync(new SubscriptionDetails(
            null, customerId, productId, order.GetPrimaryKey(), null, null, null, null, null, 49.99m, "PLN", null, null, null, null));
        Assert.True(earlier.IsSuccess, earlier.Error?.Message);

        var completed = await order.ChangeStatusAsync(OrderStatus.Completed, null);

        Assert.Equal(OrderStatus.Completed, completed.Value!.Status);
        Assert.Equivalent(earlier.Value, await fixture.Grains.GetGrain<ISubscriptionGrain>(target).GetAsync(), strict: true);
    }

    [Fact]
    public async Task Complete_SimHeldByAnotherCustomer_FailsVisibly_AndARetryResumesOnlyTheMissingStep()
    {
        var sim = await SimAsync();
        Assert.True((await sim.AssignToCustomerAsync(await CustomerAsync())).IsSuccess);
        var customerId = await CustomerAsync();
        var order = await ProcessingAsync(Order(customerId,
            new OrderItemRequest(await ProductAsync(), 1, null, null, null, null, sim.GetPrimaryKey())));

        var failed = await order.ChangeStatusAsync(OrderStatus.Completed, null);

        Assert.Equal(ErrorKind.Conflict, failed.Error!.Kind);
        Assert.Contains("already assigned", failed.Error.Message, StringComparison.Ordinal);
        var shown = (await order.GetAsync())!;
        Assert.Equal((OrderStatus.Processing, CompletionState.Failed), (shown.Status, shown.Completion!.State));
        Assert.Equal([StepStatus.Succeeded, StepStatus.Failed], shown.Completion.Steps.Select(s => s.Status));
        Assert.Contains("already assigned", shown.Completion.Steps[1].Error, StringComparison.Ordinal);
        Assert.Equal(ErrorKind.Conflict, (await order.ChangeStatusAsync(OrderStatus.Cancelled, null)).Error!.Kind);

        Assert.True((await sim.ReleaseAsync(null)).IsSuccess);
        var resumed = await order.ChangeStatusAsync(OrderStatus.Completed, null);

        Assert.Equal(OrderStatus.Completed, resumed.Value!.Status);
        Assert.Equal([1, 2], resumed.Value.Completion!.Steps.Select(s => s.Attempts));
        Assert.Equal(customerId, (await sim.GetAsync())!.AssignedTo!.Id);
    }

    [Fact]
    public async Task ChangeStatus_OutOfOrder_IsInvalidTransition()
    {
        var order = fixture.Grains.GetGrain<IOrderGrain>(Guid.NewGuid());
        await order.PlaceAsync(Order(await CustomerAsync(), new OrderItemRequest(await ProductAsync(), 1, null, null, null, null, null)));

        Assert.Equal(ErrorKind.InvalidTransition, (await order.ChangeStatusAsync(OrderStatus.Completed, null)).Error!.Kind);
        Assert.Equal(ErrorKind.NotFound,
            (await fixture.Grains.GetGrain<IOrderGrain>(Guid.NewGuid()).ChangeStatusAsync(OrderStatus.Confirmed, null)).Error!.Kind);
    }
}
