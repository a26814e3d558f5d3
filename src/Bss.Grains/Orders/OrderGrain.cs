using Bss.Abstractions.Assets;
using Bss.Abstractions.Billing;
using Bss.Abstractions.Customers;
using Bss.Abstractions.Orders;
using Bss.Abstractions.Products;
using Bss.Abstractions.ServiceActivations;
using Bss.Abstractions.Subscriptions;
using Bss.Domain.Billing;
using Bss.Domain.Common;
using Bss.Domain.Orders;
using Bss.Domain.ServiceActivations;
using Bss.Domain.Subscriptions;
using Bss.Grains.Audit;
using Bss.Grains.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bss.Grains.Orders;

/// <summary>
/// An order. Completing it is a workflow across grains, made safe to repeat: the plan (every step with the id of
/// the grain it acts on, derived from order, item and effect) is persisted before the first step runs; each
/// step's outcome is persisted as soon as it is known; every target answers a repeated request with what the
/// first one did. So a step interrupted by a crash is simply run again, and nothing is created twice. Steps left
/// pending resume on the next COMPLETED request, on re-activation, and by a reminder until the plan is finished.
/// </summary>
[GrainType("order")]
public sealed partial class OrderGrain(
    [PersistentState("order", GrainStorage.Name)] IPersistentState<OrderState> state,
    TimeProvider time,
    IOptions<IdempotencyOptions> idempotency,
    IOptions<OrderCompletionOptions> options,
    BssMetrics metrics,
    ILogger<OrderGrain> logger) : Grain, IOrderGrain, IRemindable
{
    internal const string CompletionReminder = "completion";

    /// <summary>The last persisted state, which reads answer (also while a completion is running).</summary>
    private OrderState _persisted = new();

    private Guid Id => this.GetPrimaryKey();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _persisted = state.State;
        if (Order.NextStep(state.State) is not null)
        {
            // Resume a completion a crash interrupted, without holding up the activation itself.
            this.RegisterGrainTimer(ResumeAsync, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }

        return Task.CompletedTask;
    }

    public Task<Result<Created<OrderState>>> CreateOnceAsync(OrderDetails details, string? requestFingerprint) =>
        state.CreateOnceAsync(requestFingerprint, time.GetUtcNow(), idempotency.Value.Retention,
            () => PlaceAsync(details), s => s);

    public async Task<Result<OrderState>> PlaceAsync(OrderDetails details)
    {
        if (state.State.Exists && Order.SameOrder(state.State, details))
        {
            return Result<OrderState>.Ok(state.State);
        }

        if (Entity.MustBeNew(state.State, Order.Name, Id) is { } taken)
        {
            return taken;
        }

        var parties = await LookUpPartiesAsync(details);
        return await CommitAsync(current => Order.Place(current, Id, details, parties, time.GetUtcNow()));
    }

    public async Task<Result<OrderState>> AddItemAsync(Guid itemId, OrderItemRequest item, int? expectedVersion)
    {
        var product = await LookUpProductAsync(item.ProductId);
        return await CommitAsync(current => Order.AddItem(WithId(current), itemId, item, product, expectedVersion, time.GetUtcNow()));
    }

    public async Task<Result<OrderState>> ChangeItemAsync(Guid itemId, OrderItemRequest item, int? expectedVersion)
    {
        var product = await LookUpProductAsync(item.ProductId);
        return await CommitAsync(current => Order.ChangeItem(WithId(current), itemId, item, product, expectedVersion, time.GetUtcNow()));
    }

    public Task<Result<OrderState>> RemoveItemAsync(Guid itemId, int? expectedVersion) =>
        CommitAsync(current => Order.RemoveItem(WithId(current), itemId, expectedVersion, time.GetUtcNow()));

    public Task<OrderState?> GetAsync() => Task.FromResult(_persisted.Exists ? _persisted : null);

    public async Task<Result<OrderState>> ChangeStatusAsync(OrderStatus target, int? expectedVersion)
    {
        if (target != OrderStatus.Completed)
        {
            return await CommitAsync(current => Order.ChangeStatus(WithId(current), target, expectedVersion, time.GetUtcNow()));
        }

        if (state.State.Exists && state.State.Status == OrderStatus.Completed)
        {
            // A retried completion: it is done.
            return Result<OrderState>.Ok(state.State);
        }

        var begun = await CommitAsync(current => Order.BeginCompletion(WithId(current), expectedVersion, time.GetUtcNow()));
        if (!begun.IsSuccess)
        {
            return begun;
        }

        await RunCompletionAsync();
        return state.State.Completion?.State == CompletionState.Failed
            ? new DomainError(ErrorKind.Conflict, Order.FailureSummary(state.State))
            : Result<OrderState>.Ok(state.State);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == CompletionReminder)
        {
            await RunCompletionAsync();
        }
    }

    private async Task ResumeAsync()
    {
        // A timer tick after a re-activation: no caller, so the completion process resumes the plan.
        SystemProcesses.ActAsIfUnset(SystemProcesses.OrderCompletion);
        await RunCompletionAsync();
    }

    /// <summary>
    /// Runs the pending steps in order, persisting each outcome. A target that refuses stops the completion FAILED;
    /// a target that cannot be reached leaves its step pending and stops this run: the reminder tries again.
    /// </summary>
    private async Task RunCompletionAsync()
    {
        if (Order.NextStep(state.State) is not null)
        {
            await this.RegisterOrUpdateReminder(CompletionReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }

        while (Order.NextStep(state.State) is { } index)
        {
            var step = state.State.Completion!.Steps[index];
            if (options.Value.CompletionStepDelay > TimeSpan.Zero)
            {
                await Task.Delay(options.Value.CompletionStepDelay);
            }

            string? error;
            var transient = false;
            try
            {
                error = await RunStepAsync(state.State, step);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogStepDeferred(logger, e, Id, index, step.Effect, step.TargetId);
                error = "not reachable yet, will retry: " + e.Message;
                transient = true;
            }

            await CommitAsync(current => Order.RecordStep(current, index, error, transient, time.GetUtcNow()));
            if (transient)
            {
                return;
            }
        }

        if (state.State.Completion?.State != CompletionState.InProgress && await this.GetReminder(CompletionReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>One step on its target grain: null when it took effect (now or in an earlier run), else the refusal.</summary>
    private async Task<string?> RunStepAsync(OrderState order, CompletionStep step)
    {
        var item = order.Items[step.Item];
        switch (step.Effect)
        {
            case CompletionEffect.Subscription:
                var subscription = await GrainFactory.GetGrain<ISubscriptionGrain>(step.TargetId).SubscribeAsync(new SubscriptionDetails(
                    null, order.CustomerId, item.ProductId, order.Id, null, null, null, null, null, item.LineTotal, order.Currency,
                    null, null, null, null));
                return subscription.Error?.Message;
            case CompletionEffect.ServiceActivation:
                var activation = await GrainFactory.GetGrain<IServiceActivationGrain>(step.TargetId).ActivateAsync(
                    new ActivationRequest(item.ServiceId!.Value, order.CustomerId, null, $"Order {order.OrderNumber}"));
                return activation.Error?.Message;
            case CompletionEffect.AssetAssignment:
                var asset = GrainFactory.GetGrain<IAssetGrain>(step.TargetId);
                if ((await asset.GetAsync())?.AssignedTo?.Id == order.CustomerId)
                {
                    return null;
                }

                return (await asset.AssignToCustomerAsync(order.CustomerId, null)).Error?.Message;
            case CompletionEffect.SimCardAssignment:
                var simCard = GrainFactory.GetGrain<ISimCardGrain>(step.TargetId);
                if ((await simCard.GetAsync())?.AssignedTo?.Id == order.CustomerId)
                {
                    return null;
                }

                return (await simCard.AssignToCustomerAsync(order.CustomerId)).Error?.Message;
            case CompletionEffect.OneTimeCharge:
                var product = await GrainFactory.GetGrain<IProductGrain>(item.ProductId).GetAsync();
                // Dated when the completion began, the same on every repeat: the account refuses a repeat once that day is
                // settled, after it has forgotten the key (OneTimeCharges).
                var charged = await GrainFactory.GetGrain<IBillingAccountGrain>(order.CustomerId).AddOneTimeChargeAsync(new OneTimeCharge(
                    $"order/{order.Id:N}/{step.Item}",
                    $"{product?.Name ?? "One-time charge"} (order {order.OrderNumber})",
                    item.ProductId, item.Quantity, item.UnitPrice, product?.TaxRate ?? TaxRates.Default,
                    DateOnly.FromDateTime(order.Completion!.StartedAt.UtcDateTime)));
                return charged?.Message;
            default:
                return $"unknown effect {step.Effect}";
        }
    }

    private async Task<OrderParties> LookUpPartiesAsync(OrderDetails details)
    {
        var customerTask = details.CustomerId is { } customerId
            ? GrainFactory.GetGrain<ICustomerGrain>(customerId).GetAsync()
            : Task.FromResult<CustomerView?>(null);
        var productIds = (details.Items ?? []).Select(i => i.ProductId).OfType<Guid>().Distinct().ToList();
        var products = await Task.WhenAll(productIds.Select(id => GrainFactory.GetGrain<IProductGrain>(id).GetAsync()));
        var customer = await customerTask;
        return new OrderParties(
            customer is null ? null : new OrderCustomer($"{customer.FirstName} {customer.LastName}", customer.Status),
            products.OfType<ProductView>().ToDictionary(p => p.Id, ProductOf));
    }

    private async Task<OrderProduct?> LookUpProductAsync(Guid? productId) =>
        productId is { } id && await GrainFactory.GetGrain<IProductGrain>(id).GetAsync() is { } product ? ProductOf(product) : null;

    private static OrderProduct ProductOf(ProductView p) => new(p.Status, p.ProductType, p.Price, p.Currency, p.BillingPeriod);

    private async Task<Result<OrderState>> CommitAsync(Func<OrderState, Result<OrderState>> decide)
    {
        OrderStatus? before = state.State.Exists ? state.State.Status : null;
        try
        {
            var result = await state.CommitAsync(decide);
            if (result.IsSuccess && result.Value.Status != before)
            {
                metrics.OrderTransition(before is { } from ? EnumText.Code(from) : null, EnumText.Code(result.Value.Status));
            }

            return result;
        }
        finally
        {
            _persisted = state.State;
        }
    }

    /// <summary>A never-written state has no id yet; the rules name the order in their messages.</summary>
    private OrderState WithId(OrderState current)
    {
        if (current.Id == Guid.Empty)
        {
            current.Id = Id;
        }

        return current;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Order {OrderId}: completion step {Step} ({Effect} on {TargetId}) could not reach its target; it stays pending")]
    private static partial void LogStepDeferred(ILogger logger, Exception exception, Guid orderId, int step, CompletionEffect effect, Guid targetId);
}
