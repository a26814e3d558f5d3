-- What the application role bss may do with the schema that bss_owner owns (roles: roles/bootstrap.sql): read and
-- write rows of the tables it works with, read the configuration tables, nothing else. No TRUNCATE, TRIGGER or
-- REFERENCES, no DDL: bss cannot drop a table, disable a trigger or rewrite a function, so a compromised silo can
-- change rows the way the API can, but neither the schema nor the audit trail's trigger.
--
-- Runs last (after every file has created its objects) as bss_owner, on every apply; idempotent. The default
-- privileges cover tables, sequences and functions that bss_owner creates later, e.g. a new file applied to a
-- running database before this one runs again.
--
-- The counts trigger on orleansstorage (011-document-counts.sql) and the generated columns' functions
-- (001-orleans-storage.sql) run as the role that writes the state, i.e. bss: they need what bss has here
-- (document_counts written, the functions executed). The audit trigger runs as its owner bss_audit instead
-- (SECURITY DEFINER, 012-audit.postgres.sql). The views (010-read-model.sql, 100-views.sql) are for reading: bss
-- gets SELECT only (a simple view could otherwise be written through).

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO bss;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO bss;

-- Configuration, written by these files only: Orleans' statements.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON orleansquery FROM bss;

DO
$$
DECLARE
    v regclass;
BEGIN
    FOR v IN SELECT c.oid FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'v' AND c.relowner = 'bss_owner'::regrole
    LOOP
        EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON %s FROM bss', v);
    END LOOP;
END
$$;

DO
$$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN SELECT p.oid FROM pg_proc p
             WHERE p.pronamespace = 'public'::regnamespace AND p.proowner = 'bss_owner'::regrole
    LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO bss', f);
    END LOOP;
END
$$;

ALTER DEFAULT PRIVILEGES FOR ROLE bss_owner IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO bss;
ALTER DEFAULT PRIVILEGES FOR ROLE bss_owner IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO bss;
ALTER DEFAULT PRIVILEGES FOR ROLE bss_owner IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO bss;

-- The monitoring role (roles/bootstrap.sql) reads the per-status counts for the dashboards and alerts (subscriptions
-- by status, a billing cycle still running): numbers only, never a document.
GRANT SELECT ON document_counts TO bss_monitor;
