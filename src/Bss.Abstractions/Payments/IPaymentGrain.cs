using Bss.Abstractions.Common;
using Bss.Domain.Common;
using Bss.Domain.Payments;

namespace Bss.Abstractions.Payments;

public interface IPaymentGrain : IGrainWithGuidKey
{
    /// <summary>Records a payment of an existing customer, against one of its invoices or as account credit.</summary>
    Task<Result<PaymentState>> RecordAsync(PaymentDetails details);

    [Orleans.Concurrency.ReadOnly]
    Task<PaymentState?> GetAsync();

    Task<Result<PaymentState>> ChangeStatusAsync(PaymentStatus target, string? reversalReason, int? expectedVersion);
}
