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

    private static InvoiceDraft Header(decimal? subtotal, decimal? discount, decimal? tax, decimal? total, string? number = null) =>
        Draft() with { Amounts = new InvoiceAmounts(subtotal, discount, tax, total), ManualNumber = number };

    [Fact]
    public void CreateDraft_HeaderAmounts_AreOneSummaryLineWithTheAmountsAsEntered()
    {
        // 20.71 is not 23% of 90.00 (20.70): the tax entered is kept, not recomputed from a rate.
        var invoice = Draft(Header(100m, 10m, 20.71m, 110.71m, "MAN/2026/7"));

        var line = Assert.Single(invoice.Items);
        Assert.Equal((1m, 100m, 10m, 20.71m), (line.Quantity, line.UnitPrice, line.DiscountAmount, line.TaxAmount));
        Assert.Equal((100m, 10m, 20.71m, 110.71m), (invoice.Subtotal, invoice.DiscountAmount, invoice.TaxAmount, invoice.TotalAmount));
        Assert.Equal(0.2301m, line.TaxRate);
    }

    [Fact]
    public void CreateDraft_HeaderAmountsWithoutDiscountTaxOrTotal_DefaultThemFromTheSubtotal()
    {
        var invoice = Draft(Header(80m, null, null, null));

        Assert.Equal((80m, 0m, 0m, 80m), (invoice.Subtotal, invoice.DiscountAmount, invoice.TaxAmount, invoice.TotalAmount));
    }

    [Theory]
    [InlineData(100.0, 10, 23, 114, "totalAmount")]
    [InlineData(100.0, 110, 0, 0, "discountAmount")]
    [InlineData(null, 0, 0, 0, "subtotal")]
    [InlineData(100.0, 0, -1, 99, "taxAmount")]
    [InlineData(100.001, 0, 0, 100.001, "subtotal")]
    public void CreateDraft_HeaderAmountsThatDoNotAddUp_NameTheField(double? subtotal, double discount, double tax, double total, string field)
    {
        var draft = Header((decimal?)subtotal, (decimal)discount, (decimal)tax, (decimal)total);

        var error = Invoice.CreateDraft(new InvoiceState(), Id, draft, "x", Now).Error!;

        Assert.Equal(ErrorKind.Validation, error.Kind);
        Assert.Contains(field, error.FieldErrors!.Keys);
    }

    [Fact]
    public void CreateDraft_LinesAndAmountsThatDiffer_NameTheAmount()
    {
        var draft = Draft(Line(1, 100m)) with { Amounts = new InvoiceAmounts(100m, 0m, 23m, 124m) };

        Assert.Equal(["totalAmount"], Invoice.CreateDraft(new InvoiceState(), Id, draft, "x", Now).Error!.FieldErrors!.Keys);
    }

    [Theory]
    [InlineData("AB")]
    [InlineData("")]
    public void CreateDraft_TypedNumberOutsideThreeToFifty_NamesInvoiceNumber(string number)
    {
        var result = Invoice.CreateDraft(new InvoiceState(), Id, Header(1m, 0m, 0m, 1m, number), "x", Now);

        Assert.Equal(number.Length == 0, result.IsSuccess);
        Assert.True(result.IsSuccess || result.Error!.FieldErrors!.ContainsKey("invoiceNumber"));
    }

    [Fact]
    public void DisplayNumber_DraftShowsTypedNumberOrDraftId_IssuedShowsTheLegalNumberAndKeepsTheTypedOne()
    {
        var typed = Draft(Header(10m, 0m, 2.3m, 12.3m, "MAN-42"));
        var untyped = Draft(Header(10m, 0m, 2.3m, 12.3m));

        Assert.Equal("MAN-42", Invoice.DisplayNumber(typed));
        Assert.Equal("DRAFT-0B7E7A4E", Invoice.DisplayNumber(untyped));
        var issued = Invoice.Issue(typed, "FV/2026/000009", null, Now).Value!;
        Assert.Equal(("FV/2026/000009", "MAN-42"), (Invoice.DisplayNumber(issued), issued.ManualNumber));
    }

    [Fact]
    public void HeaderInvoice_IssuedAndPaid_SettlesLikeAnInvoiceWithLines()
    {
        var issued = Invoice.Issue(Draft(Header(100m, 10m, 20.71m, 110.71m)), "FV/2026/000010", null, Now).Value!;

        var paid = Invoice.ApplyPayment(issued, Guid.NewGuid(), 110.71m, "PLN", Now).Value!;

        Assert.Equal((InvoiceStatus.Paid, 0m), (paid.Status, paid.BalanceDue));
    }

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
