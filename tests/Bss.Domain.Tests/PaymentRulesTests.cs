using Bss.Domain.Common;
using Bss.Domain.Payments;

namespace Bss.Domain.Tests;

public class PaymentRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private static PaymentDetails Details(decimal? amount = 50m, PaymentStatus? status = null, Guid? invoice = null) =>
        new(Guid.NewGuid(), invoice, amount, null, PaymentMethod.BankTransfer, status, null, null, null, null, null, null, null);

    private static PaymentState Recorded(PaymentStatus? status = null, Guid? invoice = null) =>
        Payment.Record(new PaymentState(), Guid.NewGuid(), Details(status: status, invoice: invoice), Now).Value!;

    [Fact]
    public void Record_Defaults_ArePendingTodayWithANumber()
    {
        var payment = Recorded();

        Assert.Equal(PaymentStatus.Pending, payment.Status);
        Assert.Equal(new DateOnly(2026, 3, 10), payment.PaymentDate);
        Assert.StartsWith("PAY-", payment.PaymentNumber, StringComparison.Ordinal);
        Assert.True(payment.InvoiceInSync);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(1.234)]
    public void Record_BadAmount_NamesAmount(double amount) =>
        Assert.Contains("amount", Payment.Record(new PaymentState(), Guid.NewGuid(), Details((decimal)amount), Now).Error!.FieldErrors!.Keys);

    [Fact]
    public void Record_CompletedAgainstInvoice_LeavesTheInvoiceEffectPending()
    {
        var payment = Recorded(PaymentStatus.Completed, Guid.NewGuid());

        Assert.False(payment.InvoiceInSync);
        Assert.Equal(payment.PaymentDate, payment.ReceivedDate);
    }

    [Fact]
    public void Refund_WithoutReason_NamesReversalReason()
    {
        var completed = Recorded(PaymentStatus.Completed);

        var refused = Payment.ChangeStatus(completed, PaymentStatus.Refunded, null, null, Now);

        Assert.Contains("reversalReason", refused.Error!.FieldErrors!.Keys);
    }

    [Fact]
    public void Refund_OfInvoicePayment_MakesTheReversalPending()
    {
        var completed = Payment.InvoiceSynced(Recorded(PaymentStatus.Completed, Guid.NewGuid()));

        var refunded = Payment.ChangeStatus(completed, PaymentStatus.Refunded, "customer complaint", null, Now).Value!;

        Assert.Equal(PaymentStatus.Refunded, refunded.Status);
        Assert.False(refunded.InvoiceInSync);
        Assert.Equal("customer complaint", refunded.ReversalReason);
    }

    [Theory]
    [InlineData(PaymentStatus.Failed, PaymentStatus.Completed)]
    [InlineData(PaymentStatus.Refunded, PaymentStatus.Completed)]
    [InlineData(PaymentStatus.Pending, PaymentStatus.Refunded)]
    public void ChangeStatus_ForbiddenMove_IsInvalidTransition(PaymentStatus from, PaymentStatus to)
    {
        var payment = Recorded();
        payment.Status = from;

        Assert.Equal(ErrorKind.InvalidTransition, Payment.ChangeStatus(payment, to, "reason", null, Now).Error!.Kind);
    }
}
