namespace Bss.Domain.Invoices;

public enum InvoiceType
{
    Recurring,
    OneTime,
    Adjustment,
    CreditNote,
    DebitNote,
}

public enum InvoiceStatus
{
    Draft,
    Issued,
    Sent,
    Paid,
    Overdue,
    Cancelled,
}
