-- Audit trail: one row per change of an entity's state, written by a trigger on orleansstorage in the state write's
-- own statement (where the read model's typed columns are computed too, 001-orleans-storage.sql), so there is no change without its record and no record
-- without its change. Who made the change comes from the state JSON itself: the silo's storage serializer stamps
-- the actor of the call (a user, or a system process such as system:billing) as the top-level "$actor" property.
--
-- Applied as postgres (the ".postgres.sql" suffix; see dev/services pg_apply_sql), because the trail must be out
-- of reach of the application's role bss and of the schema owner bss_owner (roles/bootstrap.sql):
--   * everything lives in schema audit, owned by the NOLOGIN role bss_audit: bss_owner owns the database and the
--     public schema, and a schema's owner may drop any table in it, so a table in public would not be safe;
--   * bss has no INSERT, UPDATE, DELETE or TRUNCATE on audit.audit_log, only SELECT (for GET /api/v1/audit);
--   * rows are written by the trigger function audit.record_state_change, SECURITY DEFINER and owned by bss_audit.
--     A trigger function cannot be called directly, so bss can add a row only by really changing a state: it can
--     neither forge rows (as it could with an INSERT grant) nor change what the function writes (it is not its
--     owner). The function calls only pg_catalog and audit objects, with search_path pinned to them, so nothing bss
--     owns ever runs with bss_audit's rights.
-- bss owns no table (900-application-grants.sql), so it cannot drop or disable the triggers either; the schema owner
-- bss_owner could, by a deliberate DDL statement in a migration, visible in dev/postgres.
--
-- Cost, measured in psql on 2 shared cores (1,000 single-row updates of customer states, when the state was still
-- bytea and the trigger parsed it twice): about 0.1 ms of server time per audited write, half parsing the old and new
-- state and inserting the row, half the field diff. The state is jsonb in the row now, so the parsing half is gone.
--
-- Every statement is idempotent: applying the file twice is harmless.

DO
$$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bss_audit') THEN
        CREATE ROLE bss_audit NOLOGIN;
    END IF;
END
$$;

CREATE SCHEMA IF NOT EXISTS audit AUTHORIZATION bss_audit;
REVOKE ALL ON SCHEMA audit FROM PUBLIC;
GRANT USAGE ON SCHEMA audit TO bss;

CREATE TABLE IF NOT EXISTS audit.audit_log
(
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor       text        NOT NULL,
    entity_type text        NOT NULL,
    -- The state's "id". Every audited kind's state is an EntityState, which always has one; null only if a state
    -- without an id were ever written (recorded rather than failing the business write).
    entity_id   uuid,
    version     integer     NOT NULL,
    action      text        NOT NULL CHECK (action IN ('CREATE', 'UPDATE', 'STATUS_CHANGE', 'DELETE')),
    -- {field: {"before": x, "after": y}} of the top-level fields that changed; personal fields masked.
    changes     jsonb       NOT NULL
);
ALTER TABLE audit.audit_log OWNER TO bss_audit;

-- The API's filters: one entity's history, one actor's changes, a time window; each newest first.
CREATE INDEX IF NOT EXISTS ix_audit_log_entity ON audit.audit_log (entity_type, entity_id, occurred_at);
CREATE INDEX IF NOT EXISTS ix_audit_log_actor ON audit.audit_log (actor, occurred_at);
CREATE INDEX IF NOT EXISTS ix_audit_log_occurred ON audit.audit_log (occurred_at);

REVOKE ALL ON audit.audit_log FROM PUBLIC, bss;
GRANT SELECT ON audit.audit_log TO bss;

-- Masking of personal data, as the API shows it to roles that may not see it (issue 10):
-- identifiers (PESEL, NIP) keep their first 4 and last character, phones their first 3 and last 2 characters,
-- e-mail addresses their first character and the domain. A value too short to keep anything is masked whole.
-- Plain SQL, neither STRICT nor declared less volatile than their bodies (to_jsonb is STABLE) and without a
-- search_path of their own, so the planner inlines them into the trigger's query: called as functions they cost
-- about 75 µs each, more than the rest of the record. Inside the trigger they run with its pinned search_path;
-- called by bss they run with bss's own rights.
CREATE OR REPLACE FUNCTION audit.mask_keeping(value text, head integer, tail integer) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CASE WHEN length(value) <= head + tail THEN repeat('*', length(value))
               ELSE left(value, head) || repeat('*', length(value) - head - tail) || right(value, tail) END $$;

CREATE OR REPLACE FUNCTION audit.mask_email(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CASE WHEN strpos(value, '@') > 1 THEN left(value, 1) || '***' || substr(value, strpos(value, '@'))
               ELSE repeat('*', length(value)) END $$;

-- A state field's JSON value as the audit trail keeps it: personal fields masked, everything else as it is.
CREATE OR REPLACE FUNCTION audit.masked(field text, value jsonb) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT CASE WHEN jsonb_typeof(value) IS DISTINCT FROM 'string' THEN value
               WHEN field IN ('pesel', 'nip') THEN to_jsonb(audit.mask_keeping(value #>> '{}', 4, 1))
               WHEN field = 'phone' THEN to_jsonb(audit.mask_keeping(value #>> '{}', 3, 2))
               WHEN field IN ('email', 'sentToEmail') THEN to_jsonb(audit.mask_email(value #>> '{}'))
               ELSE value END $$;

ALTER FUNCTION audit.mask_keeping(text, integer, integer) OWNER TO bss_audit;
ALTER FUNCTION audit.mask_email(text) OWNER TO bss_audit;
ALTER FUNCTION audit.masked(text, jsonb) OWNER TO bss_audit;
REVOKE ALL ON FUNCTION audit.mask_keeping(text, integer, integer), audit.mask_email(text), audit.masked(text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit.mask_keeping(text, integer, integer), audit.mask_email(text), audit.masked(text, jsonb) TO bss;

-- plan_cache_mode: its two statements are planned once per server connection. Left to choose, the plan cache kept
-- planning them again on every call (custom plans looked cheaper than the generic one), a third of the database's
-- CPU in a billing run together with the counts trigger and the state write (both set the same).
CREATE OR REPLACE FUNCTION audit.record_state_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET plan_cache_mode = force_generic_plan AS
$$
DECLARE
    -- The row keeps the state as jsonb (001-orleans-storage.sql): read as it is, not parsed again.
    old_state jsonb := CASE WHEN TG_OP <> 'INSERT' THEN OLD.doc END;
    new_state jsonb := CASE WHEN TG_OP <> 'DELETE' THEN NEW.doc END;
    state     jsonb := coalesce(new_state, old_state);
    changes   jsonb;
    action    text;
BEGIN
    IF state IS NULL THEN
        RETURN NULL;
    END IF;

    -- Bookkeeping (the modification time, the version, who wrote it) is not a change of its own: a write that
    -- changes nothing else leaves no record.
    SELECT jsonb_object_agg(key, CASE WHEN key IN ('pesel', 'nip', 'phone', 'email', 'sentToEmail')
                                      THEN jsonb_build_object('before', audit.masked(key, o.value), 'after', audit.masked(key, n.value))
                                      ELSE jsonb_build_object('before', o.value, 'after', n.value) END)
    INTO changes
    FROM jsonb_each(old_state) AS o
         FULL JOIN jsonb_each(new_state) AS n USING (key)
    WHERE key NOT IN ('updatedAt', 'version', '$actor')
      AND o.value IS DISTINCT FROM n.value;
    IF changes IS NULL THEN
        RETURN NULL;
    END IF;

    action := CASE
        WHEN old_state IS NULL THEN 'CREATE'
        WHEN new_state IS NULL OR (coalesce((new_state ->> 'isDeleted')::boolean, false)
                                   AND NOT coalesce((old_state ->> 'isDeleted')::boolean, false)) THEN 'DELETE'
        WHEN (old_state -> 'status') IS DISTINCT FROM (new_state -> 'status') THEN 'STATUS_CHANGE'
        ELSE 'UPDATE' END;

    INSERT INTO audit.audit_log (actor, entity_type, entity_id, version, action, changes)
    VALUES (coalesce(new_state ->> '$actor', 'system'),
            CASE WHEN TG_OP = 'DELETE' THEN OLD.graintypestring ELSE NEW.graintypestring END,
            (state ->> 'id')::uuid,
            coalesce((state ->> 'version')::integer, CASE WHEN TG_OP = 'DELETE' THEN OLD.version ELSE NEW.version END),
            action,
            changes);
    RETURN NULL;
END
$$;

ALTER FUNCTION audit.record_state_change() OWNER TO bss_audit;
REVOKE ALL ON FUNCTION audit.record_state_change() FROM PUBLIC;

-- Which grain states are audited: every kind except bookkeeping that is no business entity of its own —
-- idempotency (stored responses of repeated requests), invoice-number (the yearly number counter; each invoice's
-- own record shows the number it got) and billing-cycle-shard (a cycle's work split; the cycle and every billed
-- account have their own records). A kind added later is audited unless it is named here: too many records
-- rather than a missing one. The condition is in the trigger's WHEN, so bookkeeping writes do not even call it.
DROP TRIGGER IF EXISTS audit_state_write ON orleansstorage;
CREATE TRIGGER audit_state_write
    AFTER INSERT OR UPDATE ON orleansstorage
    FOR EACH ROW
    WHEN (NEW.graintypestring NOT IN ('idempotency', 'invoice-number', 'billing-cycle-shard'))
    EXECUTE FUNCTION audit.record_state_change();

DROP TRIGGER IF EXISTS audit_state_delete ON orleansstorage;
CREATE TRIGGER audit_state_delete
    AFTER DELETE ON orleansstorage
    FOR EACH ROW
    WHEN (OLD.graintypestring NOT IN ('idempotency', 'invoice-number', 'billing-cycle-shard'))
    EXECUTE FUNCTION audit.record_state_change();
