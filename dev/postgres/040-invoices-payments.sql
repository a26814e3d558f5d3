-- Invoices and payments on the query side.

INSERT INTO document_kinds (grain_type, search_paths) VALUES
    ('invoice', ARRAY['invoiceNumber', 'customerName', 'notes']),
    ('payment', ARRAY['paymentNumber', 'transactionId', 'referenceNumber'])
ON CONFLICT (grain_type) DO UPDATE SET search_paths = excluded.search_paths;

-- An invoice number belongs to one invoice: a second use makes the state write fail (see UniqueConstraints).
CREATE UNIQUE INDEX IF NOT EXISTS ux_documents_invoice_number ON documents ((doc ->> 'invoiceNumber'))
    WHERE kind = 'invoice' AND doc ? 'invoiceNumber';

CREATE INDEX IF NOT EXISTS ix_documents_payment_invoice ON documents ((doc ->> 'invoiceId'), created_at DESC)
    WHERE kind = 'payment';
