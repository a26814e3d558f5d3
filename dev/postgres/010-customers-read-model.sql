-- Query side for customers: a typed table that PostgreSQL keeps equal to the grain state.
-- The row is maintained by a trigger on orleansstorage, so it changes in the same transaction as the
-- state write itself: either both land or neither does. There is no second write that can half-fail,
-- and a crash between "grain state written" and "list updated" cannot happen.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE IF NOT EXISTS customers
(
    id          uuid        NOT NULL PRIMARY KEY,
    first_name  text        NOT NULL,
    last_name   text        NOT NULL,
    email       text        NOT NULL,
    pesel       text,
    nip         text,
    phone       text,
    status      text        NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    version     integer     NOT NULL,
    search_text text GENERATED ALWAYS AS (
        lower(first_name || ' ' || last_name || ' ' || email || ' ' || coalesce(pesel, '') || ' ' || coalesce(nip, ''))
    ) STORED
);

CREATE INDEX IF NOT EXISTS ix_customers_created_at ON customers (created_at DESC, id);
CREATE INDEX IF NOT EXISTS ix_customers_status_created_at ON customers (status, created_at DESC, id);
CREATE INDEX IF NOT EXISTS ix_customers_last_name ON customers (last_name, id);
CREATE INDEX IF NOT EXISTS ix_customers_search ON customers USING gin (search_text gin_trgm_ops);

CREATE OR REPLACE FUNCTION bss_state_document(payload bytea) RETURNS jsonb
    LANGUAGE sql IMMUTABLE AS
$$ SELECT CASE WHEN payload IS NULL THEN NULL ELSE convert_from(payload, 'UTF8')::jsonb END $$;

CREATE OR REPLACE FUNCTION bss_project_customer() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    current_doc jsonb := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE bss_state_document(NEW.payloadbinary) END;
    doc         jsonb := coalesce(current_doc, CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE bss_state_document(OLD.payloadbinary) END);
BEGIN
    IF doc IS NULL THEN
        RETURN NULL;
    END IF;

    -- Row deleted, state cleared, or a tombstone: the customer leaves the lists.
    IF current_doc IS NULL OR coalesce((current_doc ->> 'isDeleted')::boolean, false) THEN
        DELETE FROM customers WHERE id = (doc ->> 'id')::uuid;
        RETURN NULL;
    END IF;

    INSERT INTO customers (id, first_name, last_name, email, pesel, nip, phone, status, created_at, updated_at, version)
    VALUES ((doc ->> 'id')::uuid, doc ->> 'firstName', doc ->> 'lastName', doc ->> 'email',
            nullif(doc ->> 'pesel', ''), nullif(doc ->> 'nip', ''), nullif(doc ->> 'phone', ''),
            doc ->> 'status', (doc ->> 'createdAt')::timestamptz, (doc ->> 'updatedAt')::timestamptz,
            (doc ->> 'version')::integer)
    ON CONFLICT (id) DO UPDATE
    SET first_name = excluded.first_name, last_name = excluded.last_name, email = excluded.email,
        pesel = excluded.pesel, nip = excluded.nip, phone = excluded.phone, status = excluded.status,
        created_at = excluded.created_at, updated_at = excluded.updated_at, version = excluded.version;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS project_customer ON orleansstorage;
CREATE TRIGGER project_customer
    AFTER INSERT OR UPDATE ON orleansstorage
    FOR EACH ROW
    WHEN (NEW.graintypestring = 'customer')
    EXECUTE FUNCTION bss_project_customer();

DROP TRIGGER IF EXISTS project_customer_delete ON orleansstorage;
CREATE TRIGGER project_customer_delete
    AFTER DELETE ON orleansstorage
    FOR EACH ROW
    WHEN (OLD.graintypestring = 'customer')
    EXECUTE FUNCTION bss_project_customer();
