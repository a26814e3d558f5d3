using Bss.Abstractions.Addresses;
using Bss.Abstractions.Customers;
using Bss.Domain.Addresses;
using Bss.Domain.Common;
using Bss.Grains.Common;
using Microsoft.Extensions.Options;

namespace Bss.Grains.Addresses;

[GrainType("address")]
public sealed class AddressGrain(
    [PersistentState("address", GrainStorage.Name)] IPersistentState<AddressState> state,
    TimeProvider time,
    IOptions<IdempotencyOptions> idempotency) : Grain, IAddressGrain
{
    private Guid Id => this.GetPrimaryKey();

    public Task<Result<Created<AddressView>>> CreateOnceAsync(AddressDetails details, string? requestFingerprint) =>
        state.CreateOnceAsync(requestFingerprint, time.GetUtcNow(), idempotency.Value.Retention,
            () => CreateAsync(details), AddressView.From);

    public async Task<Result<AddressView>> CreateAsync(AddressDetails details)
    {
        var normalized = Address.Normalize(details);
        if (state.State.Exists && Address.HasDetails(state.State, normalized))
        {
            return Result<AddressView>.Ok(AddressView.From(state.State));
        }

        var customerName = await CustomerNameAsync(normalized.CustomerId);
        var result = await state.CommitAsync(current => Address.Create(current, Id, normalized, customerName, time.GetUtcNow()));
        return result.Map(AddressView.From);
    }

    public Task<AddressView?> GetAsync() =>
        Task.FromResult(state.State.Exists ? AddressView.From(state.State) : null);

    public async Task<Result<AddressView>> UpdateDetailsAsync(AddressDetails details, int expectedVersion)
    {
        // The name is refreshed on every update, so a renamed customer shows up once its address is next edited.
        var customerName = state.State.Exists ? await CustomerNameAsync(state.State.CustomerId) : null;
        var result = await state.CommitAsync(current =>
            Address.Update(WithId(current), details, customerName, expectedVersion, time.GetUtcNow()));
        return result.Map(AddressView.From);
    }

    public async Task<Result<AddressView>> ChangeStatusAsync(AddressStatus target, int? expectedVersion)
    {
        var result = await state.CommitAsync(current => Address.ChangeStatus(WithId(current), target, expectedVersion, time.GetUtcNow()));
        return result.Map(AddressView.From);
    }

    public async Task<Result<AddressView>> DeleteAsync(int? expectedVersion)
    {
        var result = await state.CommitAsync(current => Address.Delete(WithId(current), expectedVersion, time.GetUtcNow()));
        if (result.IsSuccess)
        {
            DeactivateOnIdle();
        }

        return result.Map(AddressView.From);
    }

    /// <summary>The customer's name, or null when there is no such customer.</summary>
    private async Task<string?> CustomerNameAsync(Guid? customerId)
    {
        if (customerId is not { } id)
        {
            return null;
        }

        var customer = await GrainFactory.GetGrain<ICustomerGrain>(id).GetAsync();
        return customer is null ? null : Address.CustomerNameOf(customer.FirstName, customer.LastName);
    }

    /// <summary>A never-written state has no id yet; the rules name the address in their messages.</summary>
    private AddressState WithId(AddressState current)
    {
        if (current.Id == Guid.Empty)
        {
            current.Id = Id;
        }

        return current;
    }
}
