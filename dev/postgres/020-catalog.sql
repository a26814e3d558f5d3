-- Catalog products and subscriptions on the documents read table (010-documents.sql).

INSERT INTO document_kinds (grain_type, search_paths) VALUES
    ('product', ARRAY['productCode', 'name', 'description']),
    ('subscription', ARRAY['subscriptionNumber'])
ON CONFLICT (grain_type) DO UPDATE SET search_paths = excluded.search_paths;

-- A product code names one live product, case-insensitively. The projection runs inside the state write, so a
-- second product with the code fails its own write (also when two creates race); ProductGrain registers the
-- message. A deleted product leaves the table, which frees its code.
CREATE UNIQUE INDEX IF NOT EXISTS ux_documents_product_code
    ON documents (lower(doc ->> 'productCode')) WHERE kind = 'product';

-- Subscription numbers are generated (SUB-…) or supplied; either way one number names one subscription.
CREATE UNIQUE INDEX IF NOT EXISTS ux_documents_subscription_number
    ON documents (lower(doc ->> 'subscriptionNumber')) WHERE kind = 'subscription';

-- The subscription list filters by product.
CREATE INDEX IF NOT EXISTS ix_documents_subscription_product
    ON documents ((doc ->> 'productId'), created_at DESC) WHERE kind = 'subscription';
