using Bss.Abstractions.Assets;
using Bss.Domain.Assets;
using Bss.Domain.Common;
using Bss.Grains.Common;
using Microsoft.Extensions.Options;

namespace Bss.Grains.Assets;

/// <summary>
/// One device. Non-reentrant: an assignment reads the customer and decides within one turn, so concurrent
/// assignments of this device are decided strictly one after the other.
/// </summary>
[GrainType("asset")]
public sealed class AssetGrain(
    [PersistentState("asset", GrainStorage.Name)] IPersistentState<AssetState> state,
    TimeProvider time,
    IOptions<IdempotencyOptions> idempotency) : Grain, IAssetGrain
{
    private Guid Id => this.GetPrimaryKey();

    public Task<Result<Created<AssetView>>> CreateOnceAsync(AssetDetails details, string? requestFingerprint) =>
        state.CreateOnceAsync(requestFingerprint, time.GetUtcNow(), idempotency.Value.Retention,
            () => RegisterAsync(details), AssetView.From);

    public async Task<Result<AssetView>> RegisterAsync(AssetDetails details)
    {
        if (state.State.Exists && Asset.DetailsOf(state.State) == Asset.Normalize(details))
        {
            return Result<AssetView>.Ok(AssetView.From(state.State));
        }

        return await CommitAsync(current => Asset.Create(current, Id, details, time.GetUtcNow()));
    }

    public Task<AssetView?> GetAsync() =>
        Task.FromResult(state.State.Exists ? AssetView.From(state.State) : null);

    public Task<Result<AssetView>> UpdateDetailsAsync(AssetDetails details, int expectedVersion) =>
        CommitAsync(current => Asset.Update(current, details, expectedVersion, time.GetUtcNow()));

    public Task<Result<AssetView>> ChangeStatusAsync(AssetStatus target, int? expectedVersion) =>
        CommitAsync(current => Asset.ChangeStatus(current, target, expectedVersion, time.GetUtcNow()));

    public async Task<Result<AssetView>> AssignToCustomerAsync(Guid customerId, string? location)
    {
        var customer = await Assignees.FindAsync(GrainFactory, customerId);
        return await CommitAsync(current => Asset.Assign(current, customerId, location, customer, time.GetUtcNow()));
    }

    public Task<Result<AssetView>> ReleaseAsync(int? expectedVersion) =>
        CommitAsync(current => Asset.Release(current, expectedVersion, time.GetUtcNow()));

    private async Task<Result<AssetView>> CommitAsync(Func<AssetState, Result<AssetState>> decide) =>
        (await state.CommitAsync(current => decide(Assignees.WithId(current, Id)))).Map(AssetView.From);
}
