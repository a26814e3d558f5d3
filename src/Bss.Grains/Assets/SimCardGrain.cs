using Bss.Abstractions.Assets;
using Bss.Domain.Assets;
using Bss.Domain.Common;
using Bss.Grains.Common;
using Microsoft.Extensions.Options;

namespace Bss.Grains.Assets;

/// <summary>One SIM card; non-reentrant, so concurrent assignments of it are decided one after the other.</summary>
[GrainType("sim-card")]
public sealed class SimCardGrain(
    [PersistentState("sim-card", GrainStorage.Name)] IPersistentState<SimCardState> state,
    TimeProvider time,
    IOptions<IdempotencyOptions> idempotency) : Grain, ISimCardGrain
{
    public Task<Result<Created<SimCardView>>> CreateOnceAsync(SimCardDetails details, string? requestFingerprint) =>
        state.CreateOnceAsync(requestFingerprint, time.GetUtcNow(), idempotency.Value.Retention,
            () => RegisterAsync(details), SimCardView.From);

    public async Task<Result<SimCardView>> RegisterAsync(SimCardDetails details)
    {
        if (state.State.Exists && SimCard.DetailsOf(state.State) == SimCard.Normalize(details))
        {
            return Result<SimCardView>.Ok(SimCardView.From(state.State));
        }

        return await CommitAsync(current => SimCard.Create(current, this.GetPrimaryKey(), details, time.GetUtcNow()));
    }

    public Task<SimCardView?> GetAsync() =>
        Task.FromResult(state.State.Exists ? SimCardView.From(state.State) : null);

    public Task<Result<SimCardView>> UpdateDetailsAsync(SimCardDetails details, int expectedVersion) =>
        CommitAsync(current => SimCard.Update(current, details, expectedVersion, time.GetUtcNow()));

    public Task<Result<SimCardView>> ChangeStatusAsync(SimCardStatus target, int? expectedVersion) =>
        CommitAsync(current => SimCard.ChangeStatus(current, target, expectedVersion, time.GetUtcNow()));

    public async Task<Result<SimCardView>> AssignToCustomerAsync(Guid customerId)
    {
        var customer = await Assignees.FindAsync(GrainFactory, customerId);
        return await CommitAsync(current => SimCard.Assign(current, customerId, customer, time.GetUtcNow()));
    }

    public Task<Result<SimCardView>> ReleaseAsync(int? expectedVersion) =>
        CommitAsync(current => SimCard.Release(current, expectedVersion, time.GetUtcNow()));

    private async Task<Result<SimCardView>> CommitAsync(Func<SimCardState, Result<SimCardState>> decide) =>
        (await state.CommitAsync(current => decide(Assignees.WithId(current, this.GetPrimaryKey())))).Map(SimCardView.From);
}
