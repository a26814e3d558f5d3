-- The roles and the database, before any schema file. Applied by the superuser postgres, connected to database
-- postgres, by dev/services (pg_bootstrap, on every start) and by compose's init script
-- (dev/compose/postgres/init-bss.sh, once per volume): one definition for both. A psql script (\gexec, \connect),
-- not one transaction: CREATE DATABASE cannot run inside one. Needs the psql variable bss_password. Idempotent, and
-- it also migrates a database made before these roles existed (everything owned by bss).
--
--   bss_owner  owns the database and every object of dev/postgres/*.sql; NOLOGIN: the schema files run as postgres
--              after SET ROLE bss_owner, so nobody ever connects as the owner.
--   bss        the application (silos, tests, tools): LOGIN, no superuser, owns nothing; rows only, as
--              900-application-grants.sql grants.
--   bss_audit  owns the audit trail (012-audit.postgres.sql creates it).
--   bss_monitor  what postgres_exporter logs in as: pg_monitor (statistics of every session and statement, settings),
--              CONNECT, and SELECT on the per-status document counts (900-application-grants.sql); no business rows.
--              Can log in only when the psql variable monitor_password is given (dev/services passes its generated
--              one; compose's init script BSS_MONITOR_PASSWORD when set).

SELECT 'CREATE ROLE bss_owner NOLOGIN'
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bss_owner') \gexec
ALTER ROLE bss_owner NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;

SELECT 'CREATE ROLE bss LOGIN'
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bss') \gexec
-- Also takes back what an older setup gave bss (compose made it the cluster's superuser).
ALTER ROLE bss LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'bss_password';

SELECT 'CREATE ROLE bss_monitor NOLOGIN'
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bss_monitor') \gexec
ALTER ROLE bss_monitor NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
GRANT pg_monitor TO bss_monitor;
\if :{?monitor_password}
ALTER ROLE bss_monitor LOGIN PASSWORD :'monitor_password';
\endif

SELECT 'CREATE DATABASE bss OWNER bss_owner'
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'bss') \gexec
ALTER DATABASE bss OWNER TO bss_owner;
-- Connect is granted by name; no temporary tables (they would not survive PgBouncer's transaction pooling anyway).
REVOKE ALL ON DATABASE bss FROM PUBLIC;
GRANT CONNECT ON DATABASE bss TO bss, bss_monitor;

\connect bss
-- A database made before this file: its tables, functions and the pg_trgm extension were bss's. No-op afterwards.
REASSIGN OWNED BY bss TO bss_owner;
-- PostgreSQL 15 already keeps CREATE on public from PUBLIC; said explicitly, so nobody but the owner creates there.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA public TO bss_owner;
GRANT USAGE ON SCHEMA public TO bss;
-- Statement statistics (the server preloads the module): created by the superuser, in public, readable by everyone
-- with the right to read statistics (bss sees its own statements' text; pg_monitor roles see all).
CREATE EXTENSION IF NOT EXISTS pg_stat_statements WITH SCHEMA public;
