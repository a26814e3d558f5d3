using Bss.Domain.Common;
using Bss.Domain.Invoices;

namespace Bss.Domain.Billing;

/// <summary>How an invoice a billing run decided becomes an issued invoice.</summary>
public static class InvoiceDelivery
{
    /// <summary>
    /// The invoice issued under its reserved number with the account credit the run applied to it, as one new state:
    /// one write for the invoice rather than one to issue it and one to apply the credit. A state that exists already
    /// (an earlier delivery got this far) only has the credit applied, which its application id makes happen once.
    /// </summary>
    public static Result<InvoiceState> Issue(InvoiceState current, GeneratedInvoice invoice, string invoiceNumber, DateTimeOffset now)
    {
        if (current.Exists)
        {
            return Complete(current, invoice, now);
        }

        var issued = Invoice.CreateIssued(current, invoice.InvoiceId, invoice.Draft, invoice.CustomerName, invoiceNumber, invoice.IssueDate, now);
        if (!issued.IsSuccess)
        {
            return issued;
        }

        var completed = Complete(issued.Value, invoice, now);
        if (completed.IsSuccess && !ReferenceEquals(completed.Value, issued.Value))
        {
            // Issued and credited in one write: its first version (the credit's own copy is new, so this changes no
            // state anyone else holds).
            completed.Value.Version = issued.Value.Version;
        }

        return completed;
    }

    /// <summary>What a delivery still has to do to an invoice that exists: apply its credit (once, by its id).</summary>
    public static Result<InvoiceState> Complete(InvoiceState current, GeneratedInvoice invoice, DateTimeOffset now) =>
        invoice.CreditApplied <= 0
            ? Result<InvoiceState>.Ok(current)
            : Invoice.ApplyPayment(current, invoice.CreditApplicationId, invoice.CreditApplied, current.Currency, now);
}
