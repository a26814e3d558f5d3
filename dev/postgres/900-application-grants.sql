-- What the application role bss may do with the schema that bss_owner owns (roles: roles/bootstrap.sql): read and
-- write rows of the tables it works with, read the configuration tables, nothing else. No TRUNCATE, TRIGGER or
-- REFERENCES, no DDL: bss cannot drop a table, disable a trigger or rewrite a function, so a compromised silo can
-- change rows the way the API can, but neither the schema nor the audit trail's trigger.
--
-- Runs last (after every file has created its objects) as bss_owner, on every apply; idempotent. The default
-- privileges cover tables, sequences and functions that bss_owner creates later, e.g. a new file applied to a
-- running database before this one runs again.
--
-- The triggers on orleansstorage (010-documents.sql) and documents (011-document-counts.sql) run as the role that
-- writes the state, i.e. bss: they need what bss has here (document_kinds read, documents and document_counts
-- written). The audit trigger runs as its owner bss_audit instead (SECURITY DEFINER, 012-audit.postgres.sql).

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO bss;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO bss;

-- Configuration, written by these files only: Orleans' statements and which grain kinds are projected.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON orleansquery, document_kinds FROM bss;

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
