-- Orders on the documents read table (010-documents.sql).

INSERT INTO document_kinds (grain_type, search_paths) VALUES
    ('order', ARRAY['orderNumber', 'customerName', 'notes'])
ON CONFLICT (grain_type) DO UPDATE SET search_paths = excluded.search_paths;

-- Order numbers are generated (ORD-…) or supplied; either way one number names one order, case-insensitively.
-- The projection runs inside the state write, so a second order with the number fails its own write (also when
-- two creates race); OrderGrain registers the message.
CREATE UNIQUE INDEX IF NOT EXISTS ux_documents_order_number
    ON documents (lower(doc ->> 'orderNumber')) WHERE kind = 'order';

-- The order list filters by type.
CREATE INDEX IF NOT EXISTS ix_documents_order_type
    ON documents ((doc ->> 'orderType'), created_at DESC) WHERE kind = 'order';
