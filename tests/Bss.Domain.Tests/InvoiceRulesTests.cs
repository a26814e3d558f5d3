using Bss.Domain.Common;
using Bss.Domain.Invoices;

namespace Bss.Domain.Tests;

public class InvoiceRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.Parse("0b7e7a4e-5f57-4a0c-9d0e-7d8a0f1c2b3d");

    private static InvoiceLine Line(decimal quantity, decimal unitPrice, decimal discount = 0, decimal taxRate = 0.23m) =>
        new("Fibre 1 Gb/s", quantity, unitPrice, discount, taxRate, null, null);

    private static InvoiceDraft Draft(params InvoiceLine[] lines) =>
        new(Guid.NewGuid(), InvoiceType.OneTime, lines, null, null, null, null, null, null);

    private static InvoiceState Draft(InvoiceDraft draft)
    {
        var result = Invoice.CreateDraft(new InvoiceState(), Id, draft, "Jan Kowalski", Now);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value;
    }

    private static InvoiceState Issued(params InvoiceLine[] lines) =>
        Invoice.Issue(Draft(Draft(lines)), "FV/2026/000001", null, Now).Value!;

    [Fact]
    public void CreateDraft_ComputesTotalsFromRoundedLines()
    {
        // 1.5 × 33.33 = 49.995 → 50.00 net (half away from zero); discount 10.00; tax 23% of 40.00 = 9.20.
        // 0.5 × 0.05 = 0.025 → 0.03 net; tax 0.0069 → 0.01.
        var invoice = Draft(Draft(Line(1.5m, 33.33m, 10m), Line(0.5m, 0.05m)));

        Assert.Equal(50.03m, invoice.Subtotal);
        Assert.Equal(10m, invoice.DiscountAmount);
        Assert.Equal(9.21m, invoice.TaxAmount);
        Assert.Equal(49.24m, invoice.TotalAmount);
        Assert.Equal(invoice.Subtotal - invoice.DiscountAmount + invoice.TaxAmount, invoice.TotalAmount);
        Assert.Equal(InvoiceStatus.Draft, invoice.Status);
        Assert.Null(invoice.InvoiceNumber);
        Assert.Equal("PLN", invoice.Currency);
        Assert.Equal(14, invoice.PaymentTerms);
    }

    [Fact]
    public void CreateDraft_BadLines_NameEachField()
    {
        var result = Invoice.CreateDraft(new InvoiceState(), Id, Draft(Line(0, -1m, 0, 1.5m), Line(1, 10m, 20m)), "x", Now);

        var errors = result.Error!.FieldErrors!;
        Assert.Contains("items[0].quantity", errors.Keys);
        Assert.Contains("items[0].unitPrice", errors.Keys);
        Assert.Contains("items[0].taxRate", errors.Keys);
        Assert.Contains("items[1].discountAmount", errors.Keys);
    }

    [Fact]
    public void CreateDraft_NoLines_IsRefused() =>
        Assert.Contains("items", Invoice.CreateDraft(new InvoiceState(), Id, Draft(), "x", Now).Error!.FieldErrors!.Keys);

    [Fact]
    public void Issue_SetsNumberIssueAndDueDate()
    {
        var invoice = Issued(Line(1, 100m));

        Assert.Equal(InvoiceStatus.Issued, invoice.Status);
        Assert.Equal("FV/2026/000001", invoice.InvoiceNumber);
        Assert.Equal(new DateOnly(2026, 3, 10), invoice.IssueDate);
        Assert.Equal(new DateOnly(2026, 3, 24), invoice.DueDate);
    }

    [Fact]
    public void ApplyPayment_PartThenRest_BecomesPaidOnce()
    {
        var invoice = Issued(Line(1, 100m));
        var first = Guid.NewGuid();

        var part = Invoice.ApplyPayment(invoice, first, 23m, "PLN", Now).Value!;
        var again = Invoice.ApplyPayment(part, first, 23m, "PLN", Now).Value!;
        var rest = Invoice.ApplyPayment(again, Guid.NewGuid(), 100m, "PLN", Now.AddDays(1)).Value!;

        Assert.Equal(InvoiceStatus.Issued, part.Status);
        Assert.Equal(100m, part.BalanceDue);
        Assert.Same(part, again);
        Assert.Equal(InvoiceStatus.Paid, rest.Status);
        Assert.Equal(0m, rest.BalanceDue);
        Assert.Equal(new DateOnly(2026, 3, 11), rest.PaidDate);
    }

    [Fact]
    public void ApplyPayment_OtherCurrency_IsConflict() =>
        Assert.Equal(ErrorKind.Conflict, Invoice.ApplyPayment(Issued(Line(1, 1m)), Guid.NewGuid(), 1.23m, "EUR", Now).Error!.Kind);

    [Fact]
    public void ApplyPayment_ToDraft_IsConflict() =>
        Assert.Equal(ErrorKind.Conflict, Invoice.ApplyPayment(Draft(Draft(Line(1, 1m))), Guid.NewGuid(), 1m, "PLN", Now).Error!.Kind);

    [Fact]
    public void ReversePayment_AfterDueDate_ReopensAsOverdue()
    {
        var payment = Guid.NewGuid();
        var paid = Invoice.ApplyPayment(Issued(Line(1, 10m)), payment, 12.30m, "PLN", Now).Value!;

        var reopened = Invoice.ReversePayment(paid, payment, Now.AddDays(30)).Value!;

        Assert.Equal(InvoiceStatus.Overdue, reopened.Status);
        Assert.Null(reopened.PaidDate);
        Assert.Equal(12.30m, reopened.BalanceDue);
    }

    [Fact]
    public void Cancel_WithPaymentsApplied_IsRefused()
    {
        var partlyPaid = Invoice.ApplyPayment(Issued(Line(1, 10m)), Guid.NewGuid(), 1m, "PLN", Now).Value!;

        Assert.Equal(ErrorKind.Conflict, Invoice.Cancel(partlyPaid, null, Now).Error!.Kind);
    }

    [Fact]
    public void MarkPaid_WithBalanceDue_IsRefused() =>
        Assert.Contains("due", Invoice.MarkPaid(Issued(Line(1, 10m)), null).Error!.Message, StringComparison.Ordinal);

    [Fact]
    public void MarkOverdue_BeforeDueDate_IsRefused() =>
        Assert.Equal(ErrorKind.Conflict, Invoice.MarkOverdue(Issued(Line(1, 10m)), null, Now.AddDays(14)).Error!.Kind);

    [Fact]
    public void MarkOverdue_AfterDueDate_Moves() =>
        Assert.Equal(InvoiceStatus.Overdue, Invoice.MarkOverdue(Issued(Line(1, 10m)), null, Now.AddDays(15)).Value!.Status);

    [Theory]
    [InlineData(InvoiceStatus.Draft, InvoiceStatus.Sent)]
    [InlineData(InvoiceStatus.Paid, InvoiceStatus.Cancelled)]
    [InlineData(InvoiceStatus.Cancelled, InvoiceStatus.Issued)]
    public void Statuses_ForbiddenMove_IsRefused(InvoiceStatus from, InvoiceStatus to) =>
        Assert.Equal(ErrorKind.InvalidTransition, Invoice.Statuses.Check(from, to)!.Kind);
}
