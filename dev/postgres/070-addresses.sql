-- Addresses: projected into documents as kind 'address', searched by street, city, postal code and customer name.
INSERT INTO document_kinds (grain_type, search_paths) VALUES
    ('address', ARRAY['street', 'city', 'postalCode', 'customerName'])
ON CONFLICT (grain_type) DO UPDATE SET search_paths = excluded.search_paths;

-- At most one primary address per customer and type. The projection runs inside the grain's state write, so a
-- second primary makes that write fail (also when two requests race); AddressGrain registers the index name with
-- UniqueConstraints, which answers 409 naming isPrimary. Deleted addresses leave documents, so they never count.
CREATE UNIQUE INDEX IF NOT EXISTS ux_documents_address_primary
    ON documents (customer_id, (doc ->> 'type'))
    WHERE kind = 'address' AND (doc ->> 'isPrimary')::boolean;
