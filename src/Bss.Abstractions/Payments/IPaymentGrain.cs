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

public interface IPaymentQueryGrain : IGrainWithIntegerKey
{
    Task<Page<PaymentState>> SearchAsync(PaymentSearch search, CancellationToken cancellationToken = default);

    Task<Dictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken = default);
}

[GenerateSerializer, Immutable]
public sealed record PaymentSearch(
    [property: Id(0)] PageRequest Page,
    [property: Id(1)] PaymentStatus? Status,
    [property: Id(2)] Guid? CustomerId,
    [property: Id(3)] Guid? InvoiceId,
    [property: Id(4)] PaymentMethod? Method,
    [property: Id(5)] string? SearchTerm);

public static class PaymentSortFields
{
    public static readonly IReadOnlyList<string> All = ["createdAt", "updatedAt", "status", "paymentDate", "amount", "paymentNumber"];
}
