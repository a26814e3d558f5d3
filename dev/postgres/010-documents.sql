-- Query side: one typed row per entity, projected from the grain state by a trigger on orleansstorage.
-- The projection runs inside the state write's own statement, so the read row and the state land together or
-- not at all: there is no second write that can half-fail, and a crash cannot leave lists behind grain state.
-- Lists, searches, filters and counts read this table; a grain's own reads never touch the database.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Which grain states are projected, and which of their JSON fields feed the free-text search.
CREATE TABLE IF NOT EXISTS document_kinds
(
    grain_type   text   NOT NULL PRIMARY KEY,
    search_paths text[] NOT NULL
);

INSERT INTO document_kinds (grain_type, search_paths) VALUES
    ('customer', ARRAY['firstName', 'lastName', 'email', 'pesel', 'nip'])
ON CONFLICT (grain_type) DO UPDATE SET search_paths = excluded.search_paths;

CREATE TABLE IF NOT EXISTS documents
(
    kind        text        NOT NULL,
    id          uuid        NOT NULL,
    doc         jsonb       NOT NULL,
    status      text,
    customer_id uuid,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    version     integer     NOT NULL,
    search_text text        NOT NULL DEFAULT '',
    CONSTRAINT documents_pkey PRIMARY KEY (kind, id)
)
WITH (fillfactor = 80);

-- Pages sort by (created_at, id) in either direction (DocumentQuery orders never-null columns without NULLS LAST),
-- so these serve a page by walking the index forwards or backwards and stopping after it, instead of sorting the kind.
DROP INDEX IF EXISTS ix_documents_created;
DROP INDEX IF EXISTS ix_documents_status;
DROP INDEX IF EXISTS ix_documents_customer;
CREATE INDEX IF NOT EXISTS ix_documents_kind_created ON documents (kind, created_at, id);
CREATE INDEX IF NOT EXISTS ix_documents_kind_status ON documents (kind, status, created_at, id);
CREATE INDEX IF NOT EXISTS ix_documents_kind_customer ON documents (kind, customer_id, created_at, id) WHERE customer_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_documents_search ON documents USING gin (search_text gin_trgm_ops);

CREATE OR REPLACE FUNCTION bss_state_document(payload bytea) RETURNS jsonb
    LANGUAGE sql IMMUTABLE AS
$$ SELECT CASE WHEN payload IS NULL THEN NULL ELSE convert_from(payload, 'UTF8')::jsonb END $$;

CREATE OR REPLACE FUNCTION bss_project_document() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    this_type   text  := CASE WHEN TG_OP = 'DELETE' THEN OLD.graintypestring ELSE NEW.graintypestring END;
    paths       text[];
    new_state   jsonb;
    state       jsonb;
    search      text;
BEGIN
    SELECT k.search_paths INTO paths FROM document_kinds k WHERE k.grain_type = this_type;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;

    new_state := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE bss_state_document(NEW.payloadbinary) END;
    state := coalesce(new_state, CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE bss_state_document(OLD.payloadbinary) END);
    IF state IS NULL THEN
        RETURN NULL;
    END IF;

    -- Row deleted, state cleared, or a tombstone: the entity leaves the lists.
    IF new_state IS NULL OR coalesce((new_state ->> 'isDeleted')::boolean, false) THEN
        DELETE FROM documents WHERE kind = this_type AND id = (state ->> 'id')::uuid;
        RETURN NULL;
    END IF;

    search := lower(array_to_string(ARRAY(SELECT state ->> p FROM unnest(paths) AS p), ' '));

    -- A state row rewritten almost always has its document already: update it in place, which skips the upsert's
    -- speculative insertion (about a tenth of a write's cost). A missing one (a backfill gap) falls through.
    IF TG_OP = 'UPDATE' THEN
        UPDATE documents
        SET doc = state, status = state ->> 'status', customer_id = (state ->> 'customerId')::uuid,
            created_at = (state ->> 'createdAt')::timestamptz, updated_at = (state ->> 'updatedAt')::timestamptz,
            version = (state ->> 'version')::integer, search_text = search
        WHERE kind = this_type AND id = (state ->> 'id')::uuid;
        IF FOUND THEN
            RETURN NULL;
        END IF;
    END IF;

    INSERT INTO documents (kind, id, doc, status, customer_id, created_at, updated_at, version, search_text)
    VALUES (this_type, (state ->> 'id')::uuid, state, state ->> 'status', (state ->> 'customerId')::uuid,
            (state ->> 'createdAt')::timestamptz, (state ->> 'updatedAt')::timestamptz, (state ->> 'version')::integer,
            search)
    ON CONFLICT ON CONSTRAINT documents_pkey DO UPDATE
    SET doc = excluded.doc, status = excluded.status, customer_id = excluded.customer_id,
        created_at = excluded.created_at, updated_at = excluded.updated_at, version = excluded.version,
        search_text = excluded.search_text;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS project_document ON orleansstorage;
CREATE TRIGGER project_document
    AFTER INSERT OR UPDATE OR DELETE ON orleansstorage
    FOR EACH ROW
    EXECUTE FUNCTION bss_project_document();

-- Earlier schema versions kept customers in a table of their own.
DROP TRIGGER IF EXISTS project_customer ON orleansstorage;
DROP TRIGGER IF EXISTS project_customer_delete ON orleansstorage;
DROP FUNCTION IF EXISTS bss_project_customer();
DROP TABLE IF EXISTS customers;
