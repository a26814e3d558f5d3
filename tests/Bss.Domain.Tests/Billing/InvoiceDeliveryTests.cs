using Bss.Domain.Billing;
using Bss.Domain.Common;
using Bss.Domain.Invoices;
using static Bss.Domain.Tests.Billing.BillingTestData;

namespace Bss.Domain.Tests.Billing;

/// <summary>A run's invoice becomes one issued state, its credit applied in the same state (one write), once.</summary>
public class InvoiceDeliveryTests
{
    private static readonly Guid InvoiceId = Guid.Parse("d0000000-0000-4000-8000-0000000000d1");
    private static readonly Guid CreditApplicationId = Guid.Parse("e0000000-0000-4000-8000-0000000000e1");
    private static readonly DateOnly IssueDate = new(2026, 2, 1);

    [Fact]
    public void Issue_WithCredit_IssuesUnderTheNumberAndAppliesTheCreditInOneState()
    {
        var issued = InvoiceDelivery.Issue(new InvoiceState(), Generated(credit: 50m), "FV/2026/000007", Now);

        Assert.True(issued.IsSuccess, issued.Error?.Message);
        var invoice = issued.Value!;
        Assert.Equal((InvoiceId, "FV/2026/000007", InvoiceStatus.Issued, IssueDate), (invoice.Id, invoice.InvoiceNumber, invoice.Status, invoice.IssueDate));
        // 100.00 net + 23.00 tax; 50.00 of the account's credit applied under the run's own application id.
        Assert.Equal((123.00m, 50.00m), (invoice.TotalAmount, invoice.AmountPaid));
        Assert.Equal(50.00m, invoice.AppliedPayments[CreditApplicationId]);
        Assert.Equal(1, invoice.Version);
    }

    [Fact]
    public void Issue_CreditCoveringTheTotal_IsPaidAtOnce()
    {
        var invoice = InvoiceDelivery.Issue(new InvoiceState(), Generated(credit: 123m), "FV/2026/000008", Now).Value!;

        Assert.Equal((InvoiceStatus.Paid, 123.00m), (invoice.Status, invoice.AmountPaid));
    }

    [Fact]
    public void Issue_WithoutCredit_IsTheIssuedInvoiceAlone()
    {
        var invoice = InvoiceDelivery.Issue(new InvoiceState(), Generated(credit: 0m), "FV/2026/000009", Now).Value!;

        Assert.Equal((InvoiceStatus.Issued, 0m), (invoice.Status, invoice.AmountPaid));
        Assert.Empty(invoice.AppliedPayments);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(50)]
    public void Issue_OfAnInvoiceDeliveredBefore_ReturnsItUnchanged_SoNothingIsWritten(int credit)
    {
        var generated = Generated(credit);
        var stored = InvoiceDelivery.Issue(new InvoiceState(), generated, "FV/2026/000010", Now).Value!;

        var again = InvoiceDelivery.Issue(stored, generated, "FV/2026/000099", Now.AddMinutes(1));

        Assert.Same(stored, again.Value);
    }

    [Fact]
    public void Complete_OfAnInvoiceIssuedBeforeItsCreditLanded_AppliesTheCreditOnce()
    {
        // Stored by the two-step delivery of earlier versions: issued, and the credit not applied yet.
        var issuedOnly = InvoiceDelivery.Issue(new InvoiceState(), Generated(credit: 0m), "FV/2026/000011", Now).Value!;

        var completed = InvoiceDelivery.Complete(issuedOnly, Generated(credit: 20m), Now).Value!;

        Assert.Equal(20.00m, completed.AmountPaid);
        Assert.Same(completed, InvoiceDelivery.Complete(completed, Generated(credit: 20m), Now).Value);
    }

    private static GeneratedInvoice Generated(decimal credit) =>
        new(InvoiceId,
            new InvoiceDraft(CustomerId, InvoiceType.Recurring, [new InvoiceLine("Data 1 GB", 1, 100.00m, 0m, 0.23m, null, null, IssueDate, IssueDate.AddMonths(1))],
                Money.DefaultCurrency, Invoice.DefaultPaymentTerms, null, null, IssueDate, IssueDate.AddMonths(1)),
            "Jan Kowalski", IssueDate, CreditApplicationId, credit, IssueDate);
}
