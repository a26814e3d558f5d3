using Bss.Abstractions.Billing;
using Bss.Abstractions.Customers;
using Bss.Abstractions.Products;
using Bss.Abstractions.Subscriptions;
using Bss.Domain.Common;
using Bss.Domain.Subscriptions;
using Bss.Grains.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bss.Grains.Subscriptions;

/// <summary>
/// A subscription. Its customer keeps the ids of the subscriptions that are ACTIVE, to refuse termination while
/// there are any: the subscription attaches itself (which the customer refuses unless ACTIVE) before it records a
/// start or resume, and detaches after it records a suspension, cancellation or expiry.
/// </summary>
[GrainType("subscription")]
public sealed partial class SubscriptionGrain(
    [PersistentState("subscription", GrainStorage.Name)] IPersistentState<SubscriptionState> state,
    TimeProvider time,
    IOptions<IdempotencyOptions> idempotency,
    ILogger<SubscriptionGrain> logger) : Grain, ISubscriptionGrain
{
    /// <summary>The last persisted state: what <see cref="IsActiveForCustomerAsync"/> answers from, since it may
    /// run while a write of a new state is in flight.</summary>
    private SubscriptionState _persisted = new();

    /// <summary>The customer a start or resume is attaching to, until its write has landed or failed.</summary>
    private Guid? _activatingFor;

    private Guid Id => this.GetPrimaryKey();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _persisted = state.State;
        return Task.CompletedTask;
    }

    public Task<Result<Created<SubscriptionView>>> CreateOnceAsync(SubscriptionDetails details, string? requestFingerprint) =>
        state.CreateOnceAsync(requestFingerprint, time.GetUtcNow(), idempotency.Value.Retention,
            () => SubscribeAsync(details), SubscriptionView.From);

    public async Task<Result<SubscriptionView>> SubscribeAsync(SubscriptionDetails details)
    {
        if (state.State.Exists && Subscription.SameSubscription(state.State, details))
        {
            return Result<SubscriptionView>.Ok(SubscriptionView.From(state.State));
        }

        if (Entity.MustBeNew(state.State, Subscription.Name, Id) is { } taken)
        {
            return taken;
        }

        var parties = await LookUpPartiesAsync(details);
        Result<SubscriptionState> Decide(SubscriptionState current) =>
            Subscription.Create(current, Id, details, parties, time.GetUtcNow());

        var decision = Decide(state.State);
        if (!decision.IsSuccess)
        {
            return decision.Error;
        }

        // The customer's billing account tracks the subscription before it exists, so billing never misses one
        // (a create that then fails leaves an id the account finds empty and ignores).
        await GrainFactory.GetGrain<IBillingAccountGrain>(decision.Value.CustomerId).TrackSubscriptionAsync(Id);
        return await ActivateAsync(decision.Value.CustomerId, Decide);
    }

    public Task<SubscriptionView?> GetAsync() =>
        Task.FromResult(state.State.Exists ? SubscriptionView.From(state.State) : null);

    public Task<SubscriptionState?> GetBillingStateAsync() => Task.FromResult(state.State.Exists ? state.State : null);

    public Task<Result<SubscriptionView>> UpdateTermsAsync(SubscriptionDetails changes, int expectedVersion) =>
        CommitAsync(current => Subscription.Update(WithId(current), changes, expectedVersion, time.GetUtcNow()));

    public async Task<Result<SubscriptionView>> ChangeStatusAsync(SubscriptionStatus target, int? expectedVersion)
    {
        Result<SubscriptionState> Decide(SubscriptionState current) =>
            Subscription.ChangeStatus(WithId(current), target, expectedVersion, time.GetUtcNow());

        var decision = Decide(state.State);
        if (!decision.IsSuccess)
        {
            return decision.Error;
        }

        if (target == SubscriptionStatus.Active)
        {
            return await ActivateAsync(state.State.CustomerId, Decide);
        }

        var result = await CommitAsync(Decide);
        if (result.IsSuccess)
        {
            await DetachAsync(result.Value.CustomerId);
        }

        return result;
    }

    public Task<Result<SubscriptionView>> RenewAsync(int? expectedVersion) =>
        CommitAsync(current => Subscription.Renew(WithId(current), expectedVersion, time.GetUtcNow()));

    public async Task<Result<SubscriptionView>> ChangePlanAsync(PlanChange change, int? expectedVersion)
    {
        var product = change.ProductId is { } productId
            ? (await GrainFactory.GetGrain<IProductGrain>(productId).GetAsync())?.Offer
            : null;
        return await CommitAsync(current => Subscription.ChangePlan(WithId(current), change, product, expectedVersion, time.GetUtcNow()));
    }

    /// <summary>Detaches whenever the subscription is suspended for dunning, so a repeat also repairs a lost detach.</summary>
    public async Task<SubscriptionView?> SuspendForDunningAsync()
    {
        var result = await CommitAsync(current => Subscription.SuspendForDunning(WithId(current), time.GetUtcNow()));
        if (!result.IsSuccess)
        {
            return null;
        }

        if (Subscription.IsSuspendedForDunning(state.State))
        {
            await DetachAsync(result.Value.CustomerId);
        }

        return result.Value;
    }

    public async Task<Result<SubscriptionView>> ResumeFromDunningAsync()
    {
        Result<SubscriptionState> Decide(SubscriptionState current) =>
            Subscription.ResumeFromDunning(WithId(current), time.GetUtcNow());

        var decision = Decide(state.State);
        if (!decision.IsSuccess)
        {
            return decision.Error;
        }

        return ReferenceEquals(decision.Value, state.State)
            ? Result<SubscriptionView>.Ok(SubscriptionView.From(state.State))
            : await ActivateAsync(state.State.CustomerId, Decide);
    }

    public Task<bool> IsActiveForCustomerAsync(Guid customerId) => Task.FromResult(
        _activatingFor == customerId ||
        (_persisted.Exists && _persisted.CustomerId == customerId && _persisted.Status == SubscriptionStatus.Active));

    /// <summary>Attach to the customer first (refused unless it is ACTIVE), then record the ACTIVE state: the customer
    /// never misses an ACTIVE subscription. If the write fails, the attached id is dropped at the next re-check.</summary>
    private async Task<Result<SubscriptionView>> ActivateAsync(Guid customerId, Func<SubscriptionState, Result<SubscriptionState>> decide)
    {
        _activatingFor = customerId;
        try
        {
            if (await GrainFactory.GetGrain<ICustomerGrain>(customerId).AttachSubscriptionAsync(Id) is { } refused)
            {
                return refused.Kind == ErrorKind.NotFound
                    ? new DomainError(ErrorKind.Conflict, $"Customer {customerId} no longer exists.")
                    : refused;
            }

            return await CommitAsync(decide);
        }
        finally
        {
            _activatingFor = null;
        }
    }

    private async Task DetachAsync(Guid customerId)
    {
        try
        {
            await GrainFactory.GetGrain<ICustomerGrain>(customerId).DetachSubscriptionAsync(Id);
        }
#pragma warning disable CA1031 // The stop is persisted; a lost detach is repaired when the customer re-checks.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogDetachFailed(logger, e, Id, customerId);
        }
    }

    private async Task<SubscriptionParties> LookUpPartiesAsync(SubscriptionDetails details)
    {
        var customer = details.CustomerId is { } customerId
            ? GrainFactory.GetGrain<ICustomerGrain>(customerId).GetAsync()
            : Task.FromResult<CustomerView?>(null);
        var product = details.ProductId is { } productId
            ? GrainFactory.GetGrain<IProductGrain>(productId).GetAsync()
            : Task.FromResult<ProductView?>(null);
        await Task.WhenAll(customer, product);
        return new SubscriptionParties((await customer)?.Status, (await product)?.Offer);
    }

    private async Task<Result<SubscriptionView>> CommitAsync(Func<SubscriptionState, Result<SubscriptionState>> decide)
    {
        try
        {
            return (await state.CommitAsync(decide)).Map(SubscriptionView.From);
        }
        finally
        {
            _persisted = state.State;
        }
    }

    /// <summary>A never-written state has no id yet; the rules name the subscription in their messages.</summary>
    private SubscriptionState WithId(SubscriptionState current)
    {
        if (current.Id == Guid.Empty)
        {
            current.Id = Id;
        }

        return current;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Subscription {SubscriptionId} stopped but could not detach from customer {CustomerId}; the customer re-checks before termination")]
    private static partial void LogDetachFailed(ILogger logger, Exception exception, Guid subscriptionId, Guid customerId);
}
