using Bss.Abstractions.Common;
using Bss.Domain.Billing;
using Bss.Domain.Common;

namespace Bss.Abstractions.Billing;

/// <summary>One usage record (key: its id, which the client chooses so a retry is recorded once).</summary>
public interface IUsageRecordGrain : IGrainWithGuidKey
{
    [Orleans.Concurrency.ReadOnly]
    Task<UsageRecordState?> GetAsync();

    /// <summary>Stores the record; the same record again answers it, other content under its id is a conflict.
    /// Called by the customer's billing account, which counts it first.</summary>
    Task<Result<UsageRecordState>> StoreAsync(UsageRecordDetails record);
}
