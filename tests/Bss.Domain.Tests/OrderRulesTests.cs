using Bss.Domain.Common;
using Bss.Domain.Customers;
using Bss.Domain.Orders;
using Bss.Domain.Products;

namespace Bss.Domain.Tests;

public class OrderRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.Parse("5a4e2c1b-9f8d-4e7a-b6c5-d4e3f2a1b0c9");
    private static readonly Guid Tariff = Guid.NewGuid();
    private static readonly Guid Router = Guid.NewGuid();

    private static OrderParties Parties(CustomerStatus customer = CustomerStatus.Active, ProductStatus tariff = ProductStatus.Active) => new(
        new OrderCustomer("Anna Nowak", customer),
        new Dictionary<Guid, OrderProduct>
        {
            [Tariff] = new(tariff, ProductType.Tariff, 49.99m, "PLN", BillingPeriod.Monthly),
            [Router] = new(ProductStatus.Active, ProductType.Service, 199.99m, "PLN", BillingPeriod.OneTime),
        });

    private static OrderItemRequest Item(Guid product, int? quantity = null, decimal? unitPrice = null, ItemAction? action = null,
        Guid? serviceId = null, Guid? assetId = null, Guid? simCardId = null) =>
        new(product, quantity, unitPrice, action, serviceId, assetId, simCardId);

    private static OrderDetails Details(params OrderItemRequest[] items) =>
        new(null, Guid.NewGuid(), null, null, null, null, null, null, null, null, null, items);

    private static OrderState Placed(params OrderItemRequest[] items) =>
        Order.Place(new OrderState(), Id, Details(items), Parties(), Now).Value!;

    private static OrderState Processing(params OrderItemRequest[] items)
    {
        var order = Placed(items);
        order = Order.ChangeStatus(order, OrderStatus.Confirmed, null, Now).Value!;
        return Order.ChangeStatus(order, OrderStatus.Processing, null, Now).Value!;
    }

    [Fact]
    public void Place_MinimalItems_TakesProductPricesAndDefaults()
    {
        var order = Placed(Item(Tariff, quantity: 3), Item(Router, unitPrice: 10.005m - 0.005m));

        Assert.Equal(OrderStatus.Pending, order.Status);
        Assert.Equal(OrderType.New, order.OrderType);
        Assert.Equal(OrderPriority.Normal, order.Priority);
        Assert.Equal("ORD-5A4E2C1B9F8D", order.OrderNumber);
        Assert.Equal("Anna Nowak", order.CustomerName);
        Assert.Equal("PLN", order.Currency);
        Assert.Equal(new DateOnly(2026, 11, 27), order.RequestedDate);
        Assert.Equal(49.99m, order.Items[0].UnitPrice);
        Assert.Equal(ItemAction.New, order.Items[0].Action);
        Assert.Equal(3 * 49.99m + 10m, order.TotalAmount);
        Assert.True(Order.IsPending(order));
        Assert.True(Order.CanBeCancelled(order));
    }

    [Fact]
    public void Place_BadFields_NamesEachField()
    {
        var details = Details(Item(Tariff, quantity: 0, unitPrice: 1.234m), Item(Guid.NewGuid()),
            Item(Tariff, action: ItemAction.Cancel, simCardId: Guid.NewGuid())) with
        {
            OrderNumber = "AB",
            Notes = new string('x', 2001),
            Currency = "pl",
            RequestedDate = new DateOnly(2026, 12, 1),
            PromisedDate = new DateOnly(2026, 11, 1),
        };

        var error = Order.Place(new OrderState(), Id, details, Parties(), Now).Error!;

        Assert.Equal(ErrorKind.Validation, error.Kind);
        foreach (var field in new[] { "orderNumber", "notes", "currency", "promisedDate", "items[0].quantity", "items[0].unitPrice",
                     "items[1].productId", "items[2]" })
        {
            Assert.True(error.FieldErrors!.ContainsKey(field), field);
        }
    }

    [Fact]
    public void Place_NoItemsNoCustomer_IsValidationError()
    {
        var error = Order.Place(new OrderState(), Id, Details() with { CustomerId = null }, Parties(), Now).Error!;

        Assert.Contains("items", error.FieldErrors!.Keys);
        Assert.Contains("customerId", error.FieldErrors!.Keys);
    }

    [Theory]
    [InlineData(CustomerStatus.Suspended, ProductStatus.Active, "customerId")]
    [InlineData(CustomerStatus.Active, ProductStatus.Deprecated, "items[0].productId")]
    public void Place_InactiveCustomerOrProduct_IsConflictNamingIt(CustomerStatus customer, ProductStatus product, string field)
    {
        var error = Order.Place(new OrderState(), Id, Details(Item(Tariff)), Parties(customer, product), Now).Error!;

        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Contains(field, error.FieldErrors!.Keys);
    }

    [Fact]
    public void ChangeStatus_FollowsTheFrontendMachine()
    {
        var order = Placed(Item(Tariff));

        Assert.Equal(ErrorKind.InvalidTransition, Order.ChangeStatus(order, OrderStatus.Processing, null, Now).Error!.Kind);
        Assert.Equal(ErrorKind.InvalidTransition, Order.ChangeStatus(order, OrderStatus.Completed, null, Now).Error!.Kind);
        var cancelled = Order.ChangeStatus(order, OrderStatus.Cancelled, null, Now).Value!;
        Assert.Equal(ErrorKind.InvalidTransition, Order.ChangeStatus(cancelled, OrderStatus.Pending, null, Now).Error!.Kind);
        Assert.Equal(ErrorKind.VersionConflict, Order.ChangeStatus(order, OrderStatus.Confirmed, 7, Now).Error!.Kind);
    }

    [Fact]
    public void Plan_MapsItemsToEffects_WithTargetsDerivedFromOrderItemAndEffect()
    {
        var service = Guid.NewGuid();
        var asset = Guid.NewGuid();
        var sim = Guid.NewGuid();
        var order = Placed(
            Item(Tariff, serviceId: service, simCardId: sim),
            Item(Router, assetId: asset),
            Item(Tariff, action: ItemAction.Downgrade),
            Item(Tariff, action: ItemAction.Renew));

        var steps = Order.Plan(order.Id, order.Items);

        Assert.Equal(
            [(0, CompletionEffect.Subscription), (0, CompletionEffect.ServiceActivation), (0, CompletionEffect.SimCardAssignment),
             (1, CompletionEffect.OneTimeCharge), (1, CompletionEffect.AssetAssignment), (3, CompletionEffect.Subscription)],
            steps.Select(s => (s.Item, s.Effect)));
        Assert.Equal(Order.TargetId(order.Id, 0, CompletionEffect.Subscription), steps[0].TargetId);
        Assert.Equal(sim, steps[2].TargetId);
        Assert.Equal(asset, steps[4].TargetId);
        Assert.Equal(Order.Plan(order.Id, order.Items), steps);
        Assert.Equal(5, new[] { steps[0].TargetId, steps[1].TargetId, steps[4].TargetId, Order.TargetId(Guid.NewGuid(), 0, CompletionEffect.Subscription), order.Id }.Distinct().Count());
        Assert.All(steps, s => Assert.Equal(StepStatus.Pending, s.Status));
    }

    [Fact]
    public void BeginCompletion_Processing_PersistsThePlanInProgressAndStaysProcessing()
    {
        var order = Order.ChangeStatus(Processing(Item(Tariff)), OrderStatus.Completed, null, Now).Value!;

        Assert.Equal(OrderStatus.Processing, order.Status);
        Assert.Equal(CompletionState.InProgress, order.Completion!.State);
        Assert.Equal(0, Order.NextStep(order));
    }

    [Fact]
    public void BeginCompletion_NothingToCreate_CompletesAtOnce()
    {
        var order = Order.BeginCompletion(Processing(Item(Tariff, action: ItemAction.Cancel)), null, Now).Value!;

        Assert.Equal(OrderStatus.Completed, order.Status);
        Assert.Equal(CompletionState.Done, order.Completion!.State);
        Assert.Equal(new DateOnly(2026, 11, 27), order.CompletedDate);
    }

    [Fact]
    public void RecordStep_AllSucceeded_CompletesTheOrder()
    {
        var order = Order.BeginCompletion(Processing(Item(Tariff), Item(Router, assetId: Guid.NewGuid())), null, Now).Value!;

        order = Order.RecordStep(order, 0, null, false, Now).Value!;
        Assert.Equal(OrderStatus.Processing, order.Status);
        Assert.False(Order.CanBeCancelled(order));
        order = Order.RecordStep(order, 1, null, false, Now).Value!;
        Assert.Equal(OrderStatus.Processing, order.Status);
        order = Order.RecordStep(order, 2, null, false, Now).Value!;

        Assert.Equal(OrderStatus.Completed, order.Status);
        Assert.True(Order.IsCompleted(order));
        Assert.Null(Order.NextStep(order));
    }

    [Fact]
    public void RecordStep_Transient_KeepsTheStepPendingAndCountsTheAttempt()
    {
        var order = Order.BeginCompletion(Processing(Item(Tariff)), null, Now).Value!;

        order = Order.RecordStep(order, 0, "timeout", true, Now).Value!;

        Assert.Equal(CompletionState.InProgress, order.Completion!.State);
        Assert.Equal(StepStatus.Pending, order.Completion.Steps[0].Status);
        Assert.Equal(1, order.Completion.Steps[0].Attempts);
        Assert.Equal(0, Order.NextStep(order));
    }

    [Fact]
    public void RecordStep_Refused_FailsTheCompletion_AndARetryResumesOnlyTheFailedStep()
    {
        var order = Order.BeginCompletion(Processing(Item(Tariff, simCardId: Guid.NewGuid())), null, Now).Value!;
        order = Order.RecordStep(order, 0, null, false, Now).Value!;

        order = Order.RecordStep(order, 1, "SIM card is already assigned to customer X", false, Now).Value!;

        Assert.Equal(CompletionState.Failed, order.Completion!.State);
        Assert.Equal(OrderStatus.Processing, order.Status);
        Assert.Contains("already assigned", Order.FailureSummary(order), StringComparison.Ordinal);
        Assert.Null(Order.NextStep(order));

        var retried = Order.ChangeStatus(order, OrderStatus.Completed, null, Now).Value!;
        Assert.Equal(CompletionState.InProgress, retried.Completion!.State);
        Assert.Equal(StepStatus.Succeeded, retried.Completion.Steps[0].Status);
        Assert.Equal(1, Order.NextStep(retried));
        Assert.Equal(ErrorKind.Conflict, Order.ChangeStatus(retried, OrderStatus.Cancelled, null, Now).Error!.Kind);
    }

    [Fact]
    public void RecordStep_AlreadyRecorded_ChangesNothing()
    {
        var order = Order.BeginCompletion(Processing(Item(Tariff), Item(Tariff)), null, Now).Value!;
        order = Order.RecordStep(order, 0, null, false, Now).Value!;

        Assert.Same(order, Order.RecordStep(order, 0, "late duplicate", false, Now).Value);
    }

    [Fact]
    public void EnumCodes_MatchTheContract()
    {
        Assert.Equal("IN_PROGRESS", EnumText.Code(CompletionState.InProgress));
        Assert.Equal("SIM_CARD_ASSIGNMENT", EnumText.Code(CompletionEffect.SimCardAssignment));
        Assert.Equal("URGENT", EnumText.Code(OrderPriority.Urgent));
        Assert.Equal("RENEW", EnumText.Code(OrderType.Renew));
    }
}
