-- Exact counts per (kind, status) for list pages and statistics, kept by a trigger on orleansstorage in the same
-- statement as the state write, so a count never disagrees with the rows. Rows without a kind (bookkeeping states,
-- tombstones: 001-orleans-storage.sql) are not counted; a delete that makes a tombstone moves the row out of its
-- kind's count like a deleted row. Counting 100,000 rows for every page
-- costs tens of milliseconds; summing these rows costs microseconds.
--
-- Each kind and status has up to 16 rows ("slots"); a backend adds to the slot of its process id, so concurrent
-- writers rarely wait for the same counter row. A status change touches its two rows in status order, so two
-- writers can never take them in opposite orders (no deadlock).

CREATE TABLE IF NOT EXISTS document_counts
(
    kind   text     NOT NULL,
    status text     NOT NULL, -- '' for a document without a status
    slot   smallint NOT NULL,
    n      bigint   NOT NULL,
    CONSTRAINT document_counts_pkey PRIMARY KEY (kind, status, slot)
);

-- Planned once per server connection (plan_cache_mode: see audit.record_state_change in 012).
CREATE OR REPLACE FUNCTION bss_count_document() RETURNS trigger
    LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan AS
$$
DECLARE
    this_slot smallint := pg_backend_pid() % 16;
BEGIN
    INSERT INTO document_counts AS c (kind, status, slot, n)
    SELECT d.kind, d.status, this_slot, d.delta
    FROM (SELECT OLD.kind, coalesce(OLD.status, ''), -1 WHERE TG_OP IN ('UPDATE', 'DELETE')
          UNION ALL
          SELECT NEW.kind, coalesce(NEW.status, ''), 1 WHERE TG_OP IN ('UPDATE', 'INSERT')) AS d (kind, status, delta)
    WHERE d.kind IS NOT NULL
    ORDER BY d.kind, d.status
    ON CONFLICT ON CONSTRAINT document_counts_pkey DO UPDATE SET n = c.n + excluded.n;
    RETURN NULL;
END
$$;

-- The generated columns kind and status are computed before the row is stored, so AFTER triggers see them; a
-- trigger "UPDATE OF kind, status" would never fire (generated columns are not in an UPDATE's target list), hence
-- the WHEN on every update: most state writes change neither and do not call the function.
DROP TRIGGER IF EXISTS count_document ON orleansstorage;
CREATE TRIGGER count_document
    AFTER INSERT ON orleansstorage
    FOR EACH ROW
    WHEN (NEW.kind IS NOT NULL)
    EXECUTE FUNCTION bss_count_document();

DROP TRIGGER IF EXISTS count_document_delete ON orleansstorage;
CREATE TRIGGER count_document_delete
    AFTER DELETE ON orleansstorage
    FOR EACH ROW
    WHEN (OLD.kind IS NOT NULL)
    EXECUTE FUNCTION bss_count_document();

DROP TRIGGER IF EXISTS count_document_status ON orleansstorage;
CREATE TRIGGER count_document_status
    AFTER UPDATE ON orleansstorage
    FOR EACH ROW
    WHEN (OLD.kind IS DISTINCT FROM NEW.kind OR OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION bss_count_document();

-- Recount on every apply (milliseconds per 100,000 states), with writers held off meanwhile, so counts are exact
-- after an upgrade (001-orleans-storage.sql's conversion), a restore or a manual repair.
-- One statement (a DO block), so the lock and the recount share a transaction however the file is applied.
DO
$$
BEGIN
    LOCK TABLE orleansstorage IN SHARE MODE;
    DELETE FROM document_counts;
    INSERT INTO document_counts (kind, status, slot, n)
    SELECT kind, coalesce(status, ''), 0, count(*)
    FROM orleansstorage
    WHERE kind IS NOT NULL
    GROUP BY 1, 2;
END
$$;
