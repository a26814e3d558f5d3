-- The read model's indexes, on the typed columns of orleansstorage (001-orleans-storage.sql) only: no index reads
-- doc, so an update that changes no typed column is HOT. Every index is partial on listed rows (kind IS NOT NULL):
-- bookkeeping states and tombstones are in none. Idempotent, like every file here.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Pages sort by (created_at, id) in either direction (DocumentQuery orders never-null columns without NULLS LAST),
-- so these serve a page by walking the index forwards or backwards and stopping after it, instead of sorting the kind.
CREATE INDEX IF NOT EXISTS ix_state_kind_created ON orleansstorage (kind, created_at, id) WHERE kind IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_state_kind_status ON orleansstorage (kind, status, created_at, id) WHERE kind IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_state_kind_customer ON orleansstorage (kind, customer_id, created_at, id)
    WHERE kind IS NOT NULL AND customer_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_state_search ON orleansstorage USING gin (search_text gin_trgm_ops) WHERE kind IS NOT NULL;

-- Secondary filters of single kinds (what each key column holds per kind: 001-orleans-storage.sql).
CREATE INDEX IF NOT EXISTS ix_state_subscription_product ON orleansstorage (ref, created_at) WHERE kind = 'subscription';
CREATE INDEX IF NOT EXISTS ix_state_payment_invoice ON orleansstorage (ref, created_at) WHERE kind = 'payment';
CREATE INDEX IF NOT EXISTS ix_state_order_type ON orleansstorage (key2, created_at) WHERE kind = 'order';
CREATE INDEX IF NOT EXISTS ix_state_billing_cycle_day ON orleansstorage (num) WHERE kind = 'billing-account';
CREATE INDEX IF NOT EXISTS ix_state_usage_subscription ON orleansstorage (ref, key1) WHERE kind = 'usage-record';

-- Unique business keys. The index is maintained by the state write itself, so a duplicate makes that write fail,
-- atomically and also when two creates race; UniqueConstraints turns the failure into a 409 naming the field, with
-- the message the catalogue (src/Bss.ReadSide/StateKinds.cs) gives the index's name. The names are the ones these
-- indexes had on the earlier documents table: stable, since the catalogue and logs know them. A deleted entity has
-- no kind, so it frees its keys.
--
-- Creating one over rows that already hold duplicates fails; each is created in a block of its own that turns that
-- into a warning naming the index, so the rest of the schema still applies and the duplicates can be settled by hand
-- (the warning says how to find them) before the file is applied again.
CREATE OR REPLACE FUNCTION pg_temp.bss_unique_index(name text, definition text) RETURNS void
    LANGUAGE plpgsql AS
$$
BEGIN
    EXECUTE format('CREATE UNIQUE INDEX IF NOT EXISTS %I ON orleansstorage %s', name, definition);
EXCEPTION
    WHEN unique_violation THEN
        RAISE WARNING '% not created: rows with duplicate keys exist (%): find them with SELECT over orleansstorage '
            'grouped by the index''s columns %', name, SQLERRM, definition;
END
$$;

-- Product codes, subscription numbers, asset tags and serial numbers, order numbers: case-insensitive.
SELECT pg_temp.bss_unique_index('ux_documents_product_code', '(lower(key1)) WHERE kind = ''product''');
SELECT pg_temp.bss_unique_index('ux_documents_subscription_number', '(lower(key1)) WHERE kind = ''subscription''');
SELECT pg_temp.bss_unique_index('ux_documents_service_code', '(key1) WHERE kind = ''service-definition''');
-- At most one open (PENDING, SCHEDULED, PROVISIONING, ACTIVE, DEPROVISIONING) activation of a service per customer.
SELECT pg_temp.bss_unique_index('ux_documents_open_service_activation', '(ref, customer_id) WHERE kind = ''service-activation''
    AND status IN (''PENDING'', ''SCHEDULED'', ''PROVISIONING'', ''ACTIVE'', ''DEPROVISIONING'')');
SELECT pg_temp.bss_unique_index('ux_documents_invoice_number', '(key1) WHERE kind = ''invoice'' AND key1 IS NOT NULL');
-- A gateway's transaction is one payment (a payment without a gateway counts as gateway '').
SELECT pg_temp.bss_unique_index('ux_documents_payment_transaction', '((coalesce(key2, '''')), key1)
    WHERE kind = ''payment'' AND key1 IS NOT NULL');
SELECT pg_temp.bss_unique_index('ux_documents_asset_tag', '(lower(key1)) WHERE kind = ''asset''');
SELECT pg_temp.bss_unique_index('ux_documents_asset_serial_number', '(lower(key2)) WHERE kind = ''asset'' AND key2 IS NOT NULL');
SELECT pg_temp.bss_unique_index('ux_documents_sim_iccid', '(key1) WHERE kind = ''sim-card''');
SELECT pg_temp.bss_unique_index('ux_documents_sim_msisdn', '(key2) WHERE kind = ''sim-card'' AND key2 IS NOT NULL');
SELECT pg_temp.bss_unique_index('ux_documents_sim_imsi', '(key3) WHERE kind = ''sim-card''');
-- At most one primary address per customer and type (key1 the type, key2 isPrimary).
SELECT pg_temp.bss_unique_index('ux_documents_address_primary', '(customer_id, key1) WHERE kind = ''address'' AND key2 = ''true''');
SELECT pg_temp.bss_unique_index('ux_documents_order_number', '(lower(key1)) WHERE kind = ''order''');
SELECT pg_temp.bss_unique_index('ux_documents_billing_cycle_date', '(key1) WHERE kind = ''billing-cycle''');

-- Every listed entity's read columns in one relation, for SQL that reads across kinds (and for statements written
-- against the earlier documents table). A plain view: the planner reads orleansstorage's indexes through it.
CREATE OR REPLACE VIEW documents AS
SELECT kind, id, doc, status, customer_id, created_at, updated_at, search_text
FROM orleansstorage
WHERE kind IS NOT NULL;
COMMENT ON VIEW documents IS
    'Every listed entity (kind, id, state as jsonb, status, customer, times, search text); one row per live entity. '
    'Per kind: the views customers, products, subscriptions, ... (dev/postgres/100-views.sql).';
