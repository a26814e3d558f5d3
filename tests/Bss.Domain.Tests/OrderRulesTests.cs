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
    public void Place_NoItemsNoCustomer_NamesOnlyTheCustomer()
    {
        var error = Order.Place(new OrderState(), Id, Details() with { CustomerId = null }, Parties(), Now).Error!;

        Assert.Equal(["customerId"], error.FieldErrors!.Keys);
    }

    [Fact]
    public void Place_HeaderOnly_IsPendingWithoutItemsAndShowsTheDeclaredTotal()
    {
        var details = Details() with { OrderNumber = "WEB-2026-0001", Status = OrderStatus.Pending, TotalAmount = 120m, Currency = "PLN" };

        var order = Order.Place(new OrderState(), Id, details, Parties(), Now).Value!;

        Assert.Equal((OrderStatus.Pending, 0, 120m), (order.Status, order.Items.Count, order.TotalAmount));
        Assert.Equal("WEB-2026-0001", order.OrderNumber);
    }

    [Fact]
    public void Place_HeaderOnlyWithoutTotal_HasNoTotal() =>
        Assert.Null(Order.Place(new OrderState(), Id, Details(), Parties(), Now).Value!.TotalAmount);

    [Theory]
    [InlineData(OrderStatus.Confirmed)]
    [InlineData(OrderStatus.Completed)]
    public void Place_StatusOtherThanPending_IsValidationErrorNamingStatus(OrderStatus status) =>
        Assert.Equal(["status"], Order.Place(new OrderState(), Id, Details() with { Status = status }, Parties(), Now).Error!.FieldErrors!.Keys);

    [Fact]
    public void Place_WithItems_GivesEachItemAnIdStableAcrossRetries()
    {
        var order = Placed(Item(Tariff), Item(Router));

        Assert.Equal([Order.ItemId(Id, 0), Order.ItemId(Id, 1)], order.Items.Select(i => i.Id));
        Assert.NotEqual(Order.ItemId(Id, 0), Order.ItemId(Id, 1));
    }

    [Fact]
    public void ChangeStatus_ConfirmWithoutItems_IsConflictNamingItems()
    {
        var error = Order.ChangeStatus(Placed(), OrderStatus.Confirmed, null, Now).Error!;

        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Equal(["items"], error.FieldErrors!.Keys);
    }

    [Fact]
    public void AddItem_HeaderOnlyOrder_AddsTheLineAndTheTotalBecomesTheItemsSum()
    {
        var header = Order.Place(new OrderState(), Id, Details() with { TotalAmount = 1m }, Parties(), Now).Value!;
        var itemId = Guid.NewGuid();

        var order = Order.AddItem(header, itemId, Item(Tariff, quantity: 2), Parties().Products[Tariff], null, Now).Value!;

        Assert.Equal((itemId, 2, 49.99m), (order.Items.Single().Id, order.Items[0].Quantity, order.Items[0].UnitPrice));
        Assert.Equal(99.98m, order.TotalAmount);
        Assert.Equal(header.Version + 1, order.Version);
    }

    [Fact]
    public void AddItem_SameIdAgain_ChangesNothing_OtherContentUnderIt_IsConflict()
    {
        var itemId = Guid.NewGuid();
        var order = Order.AddItem(Placed(), itemId, Item(Tariff), Parties().Products[Tariff], null, Now).Value!;

        Assert.Same(order, Order.AddItem(order, itemId, Item(Tariff), Parties().Products[Tariff], null, Now).Value);
        Assert.Equal(ErrorKind.Conflict, Order.AddItem(order, itemId, Item(Router), Parties().Products[Router], null, Now).Error!.Kind);
    }

    [Fact]
    public void AddItem_UnknownProductOrBadQuantity_NamesTheBareFields()
    {
        var error = Order.AddItem(Placed(), Guid.NewGuid(), Item(Guid.NewGuid(), quantity: 0), null, null, Now).Error!;

        Assert.Equal(ErrorKind.Validation, error.Kind);
        Assert.Equal(["productId", "quantity"], error.FieldErrors!.Keys.Order());
    }

    [Fact]
    public void AddItem_DeprecatedProduct_IsConflictNamingProductId()
    {
        var deprecated = Parties().Products[Tariff] with { Status = ProductStatus.Deprecated };

        var error = Order.AddItem(Placed(), Guid.NewGuid(), Item(Tariff), deprecated, null, Now).Error!;

        Assert.Equal((ErrorKind.Conflict, "productId"), (error.Kind, error.FieldErrors!.Keys.Single()));
    }

    [Fact]
    public void AddItemChangeItemRemoveItem_OrderNotPending_AreConflictsNamingItems()
    {
        var confirmed = Order.ChangeStatus(Placed(Item(Tariff)), OrderStatus.Confirmed, null, Now).Value!;
        var itemId = confirmed.Items[0].Id;

        Assert.All(new[]
        {
            Order.AddItem(confirmed, Guid.NewGuid(), Item(Tariff), Parties().Products[Tariff], null, Now).Error!,
            Order.ChangeItem(confirmed, itemId, Item(Tariff, quantity: 2), Parties().Products[Tariff], null, Now).Error!,
            Order.RemoveItem(confirmed, itemId, null, Now).Error!,
        }, error => Assert.Equal((ErrorKind.Conflict, "items"), (error.Kind, error.FieldErrors!.Keys.Single())));
    }

    [Fact]
    public void ChangeItem_Pending_ReplacesTheItemKeepingItsId()
    {
        var order = Placed(Item(Tariff), Item(Router));
        var itemId = order.Items[1].Id;

        var changed = Order.ChangeItem(order, itemId, Item(Router, quantity: 3, unitPrice: 150m), Parties().Products[Router], null, Now).Value!;

        Assert.Equal((itemId, 3, 150m), (changed.Items[1].Id, changed.Items[1].Quantity, changed.Items[1].UnitPrice));
        Assert.Equal(49.99m + 450m, changed.TotalAmount);
    }

    [Fact]
    public void ChangeItemOrRemoveItem_UnknownItem_IsNotFound()
    {
        var order = Placed(Item(Tariff));

        Assert.Equal(ErrorKind.NotFound, Order.ChangeItem(order, Guid.NewGuid(), Item(Tariff), Parties().Products[Tariff], null, Now).Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, Order.RemoveItem(order, Guid.NewGuid(), null, Now).Error!.Kind);
    }

    [Fact]
    public void RemoveItem_LastItem_LeavesTheDeclaredTotalAndConfirmingIsRefusedAgain()
    {
        var header = Order.Place(new OrderState(), Id, Details() with { TotalAmount = 5m }, Parties(), Now).Value!;
        var itemId = Guid.NewGuid();
        var withItem = Order.AddItem(header, itemId, Item(Tariff), Parties().Products[Tariff], null, Now).Value!;

        var emptied = Order.RemoveItem(withItem, itemId, withItem.Version, Now).Value!;

        Assert.Equal((0, 5m), (emptied.Items.Count, emptied.TotalAmount));
        Assert.Equal(ErrorKind.Conflict, Order.ChangeStatus(emptied, OrderStatus.Confirmed, null, Now).Error!.Kind);
    }

    [Fact]
    public void HeaderThenItems_Completion_PlansTheAddedItemsLikeItemsOfACreate()
    {
        var header = Order.Place(new OrderState(), Id, Details(), Parties(), Now).Value!;
        var order = Order.AddItem(header, Guid.NewGuid(), Item(Tariff), Parties().Products[Tariff], null, Now).Value!;
        order = Order.AddItem(order, Guid.NewGuid(), Item(Router), Parties().Products[Router], null, Now).Value!;
        order = Order.ChangeStatus(order, OrderStatus.Confirmed, null, Now).Value!;
        order = Order.ChangeStatus(order, OrderStatus.Processing, null, Now).Value!;

        var completing = Order.ChangeStatus(order, OrderStatus.Completed, null, Now).Value!;

        Assert.Equal(Order.Plan(Id, Placed(Item(Tariff), Item(Router)).Items), completing.Completion!.Steps);
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
