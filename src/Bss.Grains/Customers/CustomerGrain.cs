using Bss.Abstractions.Billing;
using Bss.Abstractions.Customers;
using Bss.Abstractions.Subscriptions;
using Bss.Domain.Common;
using Bss.Domain.Customers;
using Bss.Grains.Common;
using Microsoft.Extensions.Options;

namespace Bss.Grains.Customers;

[GrainType("customer")]
public sealed class CustomerGrain(
    [PersistentState("customer", GrainStorage.Name)] IPersistentState<CustomerState> state,
    TimeProvider time,
    IOptions<IdempotencyOptions> idempotency,
    BssMetrics metrics) : Grain, ICustomerGrain
{
    private Guid Id => this.GetPrimaryKey();

    public Task<Result<Created<CustomerView>>> CreateOnceAsync(CustomerDetails details, string? requestFingerprint) =>
        state.CreateOnceAsync(requestFingerprint, time.GetUtcNow(), idempotency.Value.Retention,
            () => RegisterAsync(details), CustomerView.From);

    public async Task<Result<CustomerView>> RegisterAsync(CustomerDetails details)
    {
        if (state.State.Exists && SameDetails(state.State, Customer.Normalize(details)))
        {
            return Result<CustomerView>.Ok(CustomerView.From(state.State));
        }

        var result = await state.CommitAsync(current => Customer.Create(current, Id, details, time.GetUtcNow()));
        if (result.IsSuccess)
        {
            metrics.CustomerRegistered();
        }

        return result.Map(CustomerView.From);
    }

    public Task<CustomerView?> GetAsync() =>
        Task.FromResult(state.State.Exists ? CustomerView.From(state.State) : null);

    public Task<bool> IsDeletedAsync() => Task.FromResult(state.State.IsDeleted);

    public async Task<Result<CustomerView>> UpdateDetailsAsync(CustomerDetails details, int expectedVersion)
    {
        var result = await state.CommitAsync(current => Customer.Update(WithId(current), details, expectedVersion, time.GetUtcNow()));
        return result.Map(CustomerView.From);
    }

    public async Task<Result<CustomerView>> ChangeStatusAsync(CustomerStatus target, int? expectedVersion)
    {
        if (target == CustomerStatus.Terminated)
        {
            await ForgetStoppedSubscriptionsAsync();
        }

        var result = await state.CommitAsync(current => Customer.ChangeStatus(WithId(current), target, expectedVersion, time.GetUtcNow()));
        if (result.IsSuccess)
        {
            metrics.CustomerStatusChanged(EnumText.Code(target));
        }

        return result.Map(CustomerView.From);
    }

    public async Task<Result<CustomerView>> DeleteAsync(int? expectedVersion)
    {
        await ForgetStoppedSubscriptionsAsync();
        var result = await state.CommitAsync(current => Customer.Delete(WithId(current), expectedVersion, time.GetUtcNow()));
        if (result.IsSuccess)
        {
            metrics.CustomerDeleted();
            // Nothing is billed for a deleted customer: its account stops its daily run. (Should this call be lost, the
            // account's next daily run finds the customer deleted and stops itself.)
            await GrainFactory.GetGrain<IBillingAccountGrain>(Id).CloseForDeletedCustomerAsync();
            DeactivateOnIdle();
        }

        return result.Map(CustomerView.From);
    }

    public async Task<DomainError?> AttachSubscriptionAsync(Guid subscriptionId)
    {
        var decision = Customer.AttachSubscription(WithId(state.State), subscriptionId);
        if (!decision.IsSuccess || ReferenceEquals(decision.Value, state.State))
        {
            return decision.Error;
        }

        return (await state.CommitAsync(current => Customer.AttachSubscription(WithId(current), subscriptionId))).Error;
    }

    public async Task DetachSubscriptionAsync(Guid subscriptionId)
    {
        if (state.State.ActiveSubscriptionIds.Contains(subscriptionId))
        {
            await state.CommitAsync(current => Customer.DetachSubscriptions(current, [subscriptionId]));
        }
    }

    /// <summary>
    /// Asks each listed subscription whether it is still ACTIVE and drops those that are not, so a detach that was
    /// lost (a crash between a cancel and its detach) does not block the customer forever.
    /// </summary>
    private async Task ForgetStoppedSubscriptionsAsync()
    {
        var listed = state.State.ActiveSubscriptionIds;
        if (listed.Length == 0)
        {
            return;
        }

        var active = await Task.WhenAll(listed.Select(id => GrainFactory.GetGrain<ISubscriptionGrain>(id).IsActiveForCustomerAsync(Id)));
        var stopped = listed.Where((_, i) => !active[i]).ToArray();
        if (stopped.Length > 0)
        {
            await state.CommitAsync(current => Customer.DetachSubscriptions(current, stopped));
        }
    }

    /// <summary>A never-written state has no id yet; the rules name the customer in their messages.</summary>
    private CustomerState WithId(CustomerState current)
    {
        if (current.Id == Guid.Empty)
        {
            current.Id = Id;
        }

        return current;
    }

    private static bool SameDetails(CustomerState s, CustomerDetails d) =>
        s.FirstName == d.FirstName && s.LastName == d.LastName && s.Email == d.Email &&
        s.Pesel == d.Pesel && s.Nip == d.Nip && s.Phone == d.Phone;
}
