using Bss.Domain.Common;

namespace Bss.Domain.Invoices;

/// <summary>
/// Invoice rules. Lines are editable only in DRAFT; an issued invoice is corrected by a credit note, never edited.
/// PAID follows from payments (balance 0), not from a status request.
/// </summary>
public static class Invoice
{
    public const string Name = "Invoice";
    public const int DefaultPaymentTerms = 14;
    public const decimal DefaultTaxRate = Billing.TaxRates.Default;

    public static readonly StatusMachine<InvoiceStatus> Statuses = new(Name, new Dictionary<InvoiceStatus, InvoiceStatus[]>
    {
        [InvoiceStatus.Draft] = [InvoiceStatus.Issued, InvoiceStatus.Cancelled],
        [InvoiceStatus.Issued] = [InvoiceStatus.Sent, InvoiceStatus.Paid, InvoiceStatus.Overdue, InvoiceStatus.Cancelled],
        [InvoiceStatus.Sent] = [InvoiceStatus.Paid, InvoiceStatus.Overdue, InvoiceStatus.Cancelled],
        [InvoiceStatus.Overdue] = [InvoiceStatus.Paid, InvoiceStatus.Cancelled],
        [InvoiceStatus.Paid] = [],
        [InvoiceStatus.Cancelled] = [],
    });

    public static FieldErrors Validate(InvoiceDraft draft)
    {
        var errors = new FieldErrors()
            .Check("currency", Money.CheckCurrency(draft.Currency))
            .Check("notes", TextRules.Length(draft.Notes, 0, 2000, required: false))
            .Check("lateFee", Money.Check(draft.LateFee, 0, required: false));
        if (draft.PaymentTerms is < 0 or > 365)
        {
            errors.Add("paymentTerms", "must be from 0 to 365 days");
        }

        if (draft.BillingPeriodStart > draft.BillingPeriodEnd)
        {
            errors.Add("billingPeriodEnd", "must not be before billingPeriodStart");
        }

        errors.Check("invoiceNumber", TextRules.Length(TextRules.Normalize(draft.ManualNumber), 3, 50, required: false));
        if (TextRules.Normalize(draft.SentToEmail) is { } email)
        {
            errors.Check("sentToEmail", TextRules.Email(email));
        }

        if (draft.DueDate < draft.IssueDate)
        {
            errors.Add("dueDate", "must not be before issueDate");
        }

        if (draft.Items.Count > 500 || (draft.Items.Count == 0 && draft.Amounts is null))
        {
            errors.Add("items", "must have from 1 to 500 lines, or send the amounts (subtotal, discountAmount, taxAmount, totalAmount) instead");
        }

        if (draft.Amounts is { } amounts)
        {
            CheckAmounts(errors, amounts, draft.Items);
        }

        for (var i = 0; i < draft.Items.Count; i++)
        {
            var line = draft.Items[i];
            var at = $"items[{i}].";
            errors.Check(at + "description", TextRules.Length(TextRules.Normalize(line.Description), 1, 500))
                .Check(at + "unitPrice", Money.Check(line.UnitPrice, 0))
                .Check(at + "discountAmount", Money.Check(line.DiscountAmount, 0));
            if (line.Quantity <= 0 || line.Quantity > 1_000_000 || line.Quantity != Math.Round(line.Quantity, 3))
            {
                errors.Add(at + "quantity", "must be above 0, at most 1000000, with at most 3 decimals");
            }

            if (line.TaxRate is < 0 or > 1)
            {
                errors.Add(at + "taxRate", "must be a fraction from 0 to 1 (0.23 for 23%)");
            }

            if (line.DiscountAmount > line.NetAmount)
            {
                errors.Add(at + "discountAmount", "must not exceed quantity × unitPrice");
            }
        }

        return errors;
    }

    /// <summary>
    /// Header amounts without lines: each at least 0, discount at most the subtotal, and subtotal − discount + tax = total.
    /// With lines, an amount sent must be the lines' own.
    /// </summary>
    private static void CheckAmounts(FieldErrors errors, InvoiceAmounts a, IReadOnlyList<InvoiceLine> lines)
    {
        if (lines.Count > 0)
        {
            var (subtotal, discount, tax, total) = Totals(lines);
            errors.Check("subtotal", a.Subtotal is null || a.Subtotal == subtotal ? null : $"must be the lines' subtotal {subtotal}")
                .Check("discountAmount", a.DiscountAmount is null || a.DiscountAmount == discount ? null : $"must be the lines' discount {discount}")
                .Check("taxAmount", a.TaxAmount is null || a.TaxAmount == tax ? null : $"must be the lines' tax {tax}")
                .Check("totalAmount", a.TotalAmount is null || a.TotalAmount == total ? null : $"must be the lines' total {total}");
            return;
        }

        var shape = new FieldErrors()
            .Check("subtotal", Money.Check(a.Subtotal, 0))
            .Check("discountAmount", Money.Check(a.DiscountAmount, 0, required: false))
            .Check("taxAmount", Money.Check(a.TaxAmount, 0, required: false))
            .Check("totalAmount", Money.Check(a.TotalAmount, 0, required: false));
        if (!shape.IsEmpty)
        {
            errors.AddAll(shape);
            return;
        }

        var (s, d, t) = (a.Subtotal!.Value, a.DiscountAmount ?? 0, a.TaxAmount ?? 0);
        if (d > s)
        {
            errors.Add("discountAmount", "must not exceed subtotal");
        }
        else if (a.TotalAmount is { } entered && entered != s - d + t)
        {
            errors.Add("totalAmount", $"must be subtotal − discountAmount + taxAmount = {s - d + t}");
        }
    }

    /// <summary>
    /// The one line an invoice entered as amounts is stored as, so totals, payments, dunning and credit notes treat it
    /// like any other: quantity 1 at the subtotal, the discount, and the tax as entered (its rate shown rounded).
    /// </summary>
    public static InvoiceLine SummaryLine(InvoiceAmounts a, string? manualNumber)
    {
        var (subtotal, discount, tax) = (a.Subtotal ?? 0, a.DiscountAmount ?? 0, a.TaxAmount ?? 0);
        var taxBase = subtotal - discount;
        return new InvoiceLine(manualNumber is null ? "Amounts as entered" : $"Amounts as entered on invoice {manualNumber}",
            1, subtotal, discount, taxBase > 0 ? Math.Round(tax / taxBase, 4, MidpointRounding.AwayFromZero) : 0m, null, null,
            FixedTaxAmount: tax);
    }

    /// <summary>
    /// The number every response shows (3 to 50 characters): the legal number once issued; before that the number
    /// the user typed, else DRAFT- and 8 characters of the id.
    /// </summary>
    public static string DisplayNumber(InvoiceState s) =>
        s.InvoiceNumber ?? s.ManualNumber ?? "DRAFT-" + s.Id.ToString("N")[..8].ToUpperInvariant();

    public static Result<InvoiceState> CreateDraft(InvoiceState current, Guid id, InvoiceDraft draft, string customerName, DateTimeOffset now)
    {
        if (Entity.MustBeNew(current, Name, id) is { } exists)
        {
            return exists;
        }

        return Validate(draft).ToResult(() =>
        {
            var invoice = current.FirstVersion<InvoiceState>(id, now);
            invoice.CustomerId = draft.CustomerId;
            invoice.CustomerName = customerName;
            invoice.InvoiceType = draft.InvoiceType;
            invoice.Status = InvoiceStatus.Draft;
            invoice.Currency = Money.CurrencyOrDefault(draft.Currency);
            invoice.PaymentTerms = draft.PaymentTerms ?? DefaultPaymentTerms;
            invoice.LateFee = draft.LateFee ?? 0;
            invoice.Notes = TextRules.Normalize(draft.Notes);
            invoice.BillingPeriodStart = draft.BillingPeriodStart;
            invoice.BillingPeriodEnd = draft.BillingPeriodEnd;
            invoice.ManualNumber = TextRules.Normalize(draft.ManualNumber);
            // The dates the user entered, until the issue sets the legal ones (the day of issue and the terms after it).
            invoice.IssueDate = draft.IssueDate;
            invoice.DueDate = draft.DueDate;
            invoice.SentToEmail = TextRules.Normalize(draft.SentToEmail);
            invoice.Items = draft.Items.Count > 0
                ? draft.Items.Select(l => l with { Description = l.Description.Trim() }).ToList()
                : [SummaryLine(draft.Amounts!, invoice.ManualNumber)];
            return WithTotals(invoice);
        });
    }

    /// <summary>Subtotal − discount + tax = total, exactly: every amount is a sum of already rounded line amounts.</summary>
    public static InvoiceState WithTotals(InvoiceState invoice)
    {
        (invoice.Subtotal, invoice.DiscountAmount, invoice.TaxAmount, invoice.TotalAmount) = Totals(invoice.Items);
        return invoice;
    }

    public static (decimal Subtotal, decimal Discount, decimal Tax, decimal Total) Totals(IReadOnlyCollection<InvoiceLine> lines)
    {
        var subtotal = lines.Sum(l => l.NetAmount);
        var discount = lines.Sum(l => l.DiscountAmount);
        var tax = lines.Sum(l => l.TaxAmount);
        return (subtotal, discount, tax, subtotal - discount + tax);
    }

    /// <summary>
    /// An invoice a billing run generated, created already ISSUED under the number reserved for it. Its content was
    /// built by the billing rules (amounts rounded, totals exact), so it is not validated again.
    /// </summary>
    public static Result<InvoiceState> CreateIssued(InvoiceState current, Guid id, InvoiceDraft draft, string customerName,
        string invoiceNumber, DateOnly issueDate, DateTimeOffset now)
    {
        if (Entity.MustBeNew(current, Name, id) is { } exists)
        {
            return exists;
        }

        var invoice = current.FirstVersion<InvoiceState>(id, now);
        invoice.CustomerId = draft.CustomerId;
        invoice.CustomerName = customerName;
        invoice.InvoiceType = draft.InvoiceType;
        invoice.Status = InvoiceStatus.Issued;
        invoice.InvoiceNumber = invoiceNumber;
        invoice.IssueDate = issueDate;
        invoice.PaymentTerms = draft.PaymentTerms ?? DefaultPaymentTerms;
        invoice.DueDate = issueDate.AddDays(invoice.PaymentTerms);
        invoice.Currency = Money.CurrencyOrDefault(draft.Currency);
        invoice.LateFee = draft.LateFee ?? 0;
        invoice.Notes = draft.Notes;
        invoice.BillingPeriodStart = draft.BillingPeriodStart;
        invoice.BillingPeriodEnd = draft.BillingPeriodEnd;
        invoice.Items = draft.Items;
        return Settle(WithTotals(invoice), issueDate);
    }

    /// <summary>Checks an issue can happen before a number is reserved for it, so numbers are not burnt on refusals.</summary>
    public static DomainError? CanIssue(InvoiceState current, int? expectedVersion) =>
        Entity.Guard(current, Name, expectedVersion) ?? Statuses.Check(current.Status, InvoiceStatus.Issued);

    public static Result<InvoiceState> Issue(InvoiceState current, string invoiceNumber, int? expectedVersion, DateTimeOffset now)
    {
        if (CanIssue(current, expectedVersion) is { } error)
        {
            return error;
        }

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var issued = current.NextVersion<InvoiceState>(now);
        issued.Status = InvoiceStatus.Issued;
        issued.InvoiceNumber = invoiceNumber;
        issued.IssueDate = today;
        issued.DueDate = today.AddDays(current.PaymentTerms);
        return Settle(issued, today);
    }

    /// <summary>
    /// The number reserved for this invoice by an issue that did not finish: a DRAFT is issued under it now; a draft
    /// cancelled meanwhile keeps it as a cancelled number (so the sequence has no gap); an invoice that has it already
    /// changes nothing.
    /// </summary>
    public static Result<InvoiceState> TakeReservedNumber(InvoiceState current, string invoiceNumber, DateTimeOffset now)
    {
        if (current.InvoiceNumber == invoiceNumber)
        {
            return Result<InvoiceState>.Ok(current);
        }

        if (current.InvoiceNumber is not null)
        {
            return new DomainError(ErrorKind.Conflict, $"Invoice {current.Id} already has the number {current.InvoiceNumber}.");
        }

        if (current.Status == InvoiceStatus.Draft)
        {
            return Issue(current, invoiceNumber, null, now);
        }

        var numbered = current.NextVersion<InvoiceState>(now);
        numbered.InvoiceNumber = invoiceNumber;
        return Result<InvoiceState>.Ok(numbered);
    }

    public static Result<InvoiceState> Send(InvoiceState current, string? email, int? expectedVersion, DateTimeOffset now)
    {
        if ((Entity.Guard(current, Name, expectedVersion) ?? Statuses.Check(current.Status, InvoiceStatus.Sent)) is { } error)
        {
            return error;
        }

        if (TextRules.Normalize(email) is { } address && TextRules.Email(address) is { } problem)
        {
            return DomainError.Validation(new FieldErrors().Add("sentToEmail", problem));
        }

        var sent = current.NextVersion<InvoiceState>(now);
        sent.Status = InvoiceStatus.Sent;
        sent.SentToEmail = TextRules.Normalize(email) ?? current.SentToEmail;
        sent.SentAt = now;
        return Result<InvoiceState>.Ok(sent);
    }

    public static Result<InvoiceState> MarkOverdue(InvoiceState current, int? expectedVersion, DateTimeOffset now)
    {
        if ((Entity.Guard(current, Name, expectedVersion) ?? Statuses.Check(current.Status, InvoiceStatus.Overdue)) is { } error)
        {
            return error;
        }

        if (current.DueDate is { } due && DateOnly.FromDateTime(now.UtcDateTime) <= due)
        {
            return new DomainError(ErrorKind.Conflict, $"Invoice {current.Id} is not overdue: it is due on {due:yyyy-MM-dd}.");
        }

        var overdue = current.NextVersion<InvoiceState>(now);
        overdue.Status = InvoiceStatus.Overdue;
        return Result<InvoiceState>.Ok(overdue);
    }

    public static Result<InvoiceState> Cancel(InvoiceState current, int? expectedVersion, DateTimeOffset now)
    {
        if ((Entity.Guard(current, Name, expectedVersion) ?? Statuses.Check(current.Status, InvoiceStatus.Cancelled)) is { } error)
        {
            return error;
        }

        if (current.AmountPaid > 0)
        {
            return new DomainError(ErrorKind.Conflict,
                $"Invoice {current.Id} has {current.AmountPaid} {current.Currency} paid: refund the payments or issue a credit note instead.");
        }

        var cancelled = current.NextVersion<InvoiceState>(now);
        cancelled.Status = InvoiceStatus.Cancelled;
        return Result<InvoiceState>.Ok(cancelled);
    }

    /// <summary>PAID is the consequence of payments; a request for it only confirms a settled invoice.</summary>
    public static Result<InvoiceState> MarkPaid(InvoiceState current, int? expectedVersion) =>
        (Entity.Guard(current, Name, expectedVersion) ?? Statuses.Check(current.Status, InvoiceStatus.Paid)) is { } error
            ? error
            : new DomainError(ErrorKind.Conflict,
                $"Invoice {current.Id} has {current.BalanceDue} {current.Currency} due: it becomes PAID when payments cover it.");

    /// <summary>Applies a completed payment once, up to the balance due; a settled invoice becomes PAID.</summary>
    public static Result<InvoiceState> ApplyPayment(InvoiceState current, Guid paymentId, decimal amount, string currency, DateTimeOffset now)
    {
        if (Entity.Guard(current, Name, null) is { } missing)
        {
            return missing;
        }

        if (current.AppliedPayments.ContainsKey(paymentId))
        {
            return Result<InvoiceState>.Ok(current);
        }

        if (current.Status is InvoiceStatus.Draft or InvoiceStatus.Cancelled)
        {
            return new DomainError(ErrorKind.Conflict, $"Invoice {current.Id} is {EnumText.Code(current.Status)}: it cannot take payments.");
        }

        if (!string.Equals(currency, current.Currency, StringComparison.Ordinal))
        {
            return new DomainError(ErrorKind.Conflict, $"Invoice {current.Id} is in {current.Currency}, the payment in {currency}.");
        }

        // The invoice takes at most its balance; the rest of a payment is the customer's credit (see the payment).
        var applied = Math.Min(amount, current.BalanceDue);
        var paid = current.NextVersion<InvoiceState>(now);
        paid.AppliedPayments = new Dictionary<Guid, decimal>(current.AppliedPayments) { [paymentId] = applied };
        paid.AmountPaid = current.AmountPaid + applied;
        return Settle(paid, DateOnly.FromDateTime(now.UtcDateTime));
    }

    /// <summary>Takes a refunded payment back; a paid invoice reopens (OVERDUE when past its due date).</summary>
    public static Result<InvoiceState> ReversePayment(InvoiceState current, Guid paymentId, DateTimeOffset now)
    {
        if (Entity.Guard(current, Name, null) is { } missing)
        {
            return missing;
        }

        if (!current.AppliedPayments.TryGetValue(paymentId, out var amount))
        {
            return Result<InvoiceState>.Ok(current);
        }

        var reopened = current.NextVersion<InvoiceState>(now);
        reopened.AppliedPayments = current.AppliedPayments.Where(p => p.Key != paymentId).ToDictionary(p => p.Key, p => p.Value);
        reopened.AmountPaid = current.AmountPaid - amount;
        if (reopened.Status == InvoiceStatus.Paid && reopened.BalanceDue > 0)
        {
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            reopened.Status = reopened.DueDate < today ? InvoiceStatus.Overdue : InvoiceStatus.Issued;
            reopened.PaidDate = null;
        }

        return Result<InvoiceState>.Ok(reopened);
    }

    private static Result<InvoiceState> Settle(InvoiceState invoice, DateOnly today)
    {
        if (invoice.BalanceDue == 0 && invoice.Status is InvoiceStatus.Issued or InvoiceStatus.Sent or InvoiceStatus.Overdue)
        {
            invoice.Status = InvoiceStatus.Paid;
            invoice.PaidDate = today;
        }

        return Result<InvoiceState>.Ok(invoice);
    }
}
