using Bss.Abstractions.Billing;
using Bss.Domain.Billing;
using Bss.Domain.Common;
using Bss.Grains.Common;

namespace Bss.Grains.Billing;

[GrainType("usage-record")]
public sealed class UsageRecordGrain(
    [PersistentState("usage-record", GrainStorage.Name)] IPersistentState<UsageRecordState> state,
    TimeProvider time) : Grain, IUsageRecordGrain
{
    public Task<UsageRecordState?> GetAsync() => Task.FromResult(state.State.Exists ? state.State : null);

    public Task<Result<UsageRecordState>> StoreAsync(UsageRecordDetails record) =>
        state.CommitAsync(current => UsageRecord.Create(current, this.GetPrimaryKey(), record.SubscriptionId, record.CustomerId,
            record.UsageType, record.Quantity, record.UsageDate, record.Description, time.GetUtcNow()));
}
