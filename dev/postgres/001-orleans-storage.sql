-- Orleans ADO.NET grain storage (invariant Npgsql), written for this product, and the read model: one row per grain
-- state that is also what lists, searches, counts and unique business keys read.
-- The Orleans packages ship no SQL: the providers look up their statements in OrleansQuery by key and
-- bind parameters and read columns by name. Every statement here is idempotent: applying twice is harmless.
--
-- The state is stored once, as jsonb (doc), parsed once by the write itself. The typed columns lists filter and
-- sort on are STORED generated columns of (graintypestring, doc), computed in the same statement: no trigger copies
-- the state anywhere, and the indexes are on typed columns only, so a write that leaves them alone (most updates:
-- a name, an amount, a note) is a HOT update that touches no index. Which kinds are listed, their search paths,
-- typed key columns and unique indexes are mirrored by the C# catalogue src/Bss.ReadSide/StateKinds.cs; a test
-- (StateKindCatalogueTests) checks that both say the same, by behaviour.
--
-- The functions below are the generated columns' definitions. A stored generated column keeps the value computed
-- at the row's last write: after changing one of these functions, recompute with `UPDATE orleansstorage SET doc =
-- doc WHERE graintypestring = '<kind>'` in the same file.

CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64)   NOT NULL PRIMARY KEY,
    querytext varchar(8000) NOT NULL
);

-- The kinds that are listed (one per entity resource). Bookkeeping states (idempotency, invoice-number,
-- billing-cycle-shard) are not: their typed columns are NULL and they are in no list, count or unique key.
CREATE OR REPLACE FUNCTION bss_listed(grain_type text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT grain_type IN ('customer', 'product', 'subscription', 'service-definition', 'service-activation', 'invoice',
                         'payment', 'asset', 'sim-card', 'address', 'order', 'billing-account', 'billing-cycle',
                         'usage-record') $$;

-- The generated columns' functions are PL/pgSQL, not SQL, for a measured reason: PostgreSQL plans a generated
-- column's expression afresh for every statement that writes the table, and inlining an SQL function parses its
-- body each time; with SQL functions a customer state write cost about 2.4 ms of server time, with PL/pgSQL (compiled
-- once per session, its expressions' plans kept) about 0.7 ms, less than the previous trigger's 0.8-1.0 ms (2,000
-- updates in a loop, 2 shared cores). bss_listed stays SQL: it is inlined into the PL/pgSQL expressions once.

-- The kind a list reads the row as: NULL for kinds that are not listed, and for a cleared state or a tombstone
-- ("isDeleted"), so a deleted entity leaves every list and count and frees its unique keys.
CREATE OR REPLACE FUNCTION bss_state_kind(grain_type text, doc jsonb) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS
$$ BEGIN RETURN CASE WHEN bss_listed(grain_type) AND doc IS NOT NULL AND NOT coalesce((doc ->> 'isDeleted')::boolean, false)
               THEN grain_type END; END $$;

CREATE OR REPLACE FUNCTION bss_state_text(grain_type text, doc jsonb, field text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS
$$ BEGIN RETURN CASE WHEN bss_listed(grain_type) THEN doc ->> field END; END $$;

CREATE OR REPLACE FUNCTION bss_state_uuid(grain_type text, doc jsonb, field text) RETURNS uuid
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS
$$ BEGIN RETURN CASE WHEN bss_listed(grain_type) THEN (doc ->> field)::uuid END; END $$;

-- Text to timestamptz is STABLE in PostgreSQL (the session's DateStyle and TimeZone read text without an offset);
-- the state's times are ISO 8601 with an offset, which read the same under any setting, so this is immutable for
-- the values it gets.
CREATE OR REPLACE FUNCTION bss_state_time(grain_type text, doc jsonb, field text) RETURNS timestamptz
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS
$$ BEGIN RETURN CASE WHEN bss_listed(grain_type) THEN (doc ->> field)::timestamptz END; END $$;

-- The free-text search: the kind's search paths joined by single spaces (absent ones left out), lower-cased.
-- (concat_ws is STABLE only because it formats any type; on text it is immutable.)
CREATE OR REPLACE FUNCTION bss_state_search(grain_type text, doc jsonb) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS
$$ BEGIN RETURN CASE grain_type
    WHEN 'customer' THEN lower(concat_ws(' ', doc ->> 'firstName', doc ->> 'lastName', doc ->> 'email', doc ->> 'pesel', doc ->> 'nip'))
    WHEN 'product' THEN lower(concat_ws(' ', doc ->> 'productCode', doc ->> 'name', doc ->> 'description'))
    WHEN 'subscription' THEN lower(concat_ws(' ', doc ->> 'subscriptionNumber'))
    WHEN 'service-definition' THEN lower(concat_ws(' ', doc ->> 'name', doc ->> 'code', doc ->> 'description'))
    WHEN 'service-activation' THEN lower(concat_ws(' ', doc ->> 'serviceCode', doc ->> 'serviceName', doc ->> 'notes'))
    WHEN 'invoice' THEN lower(concat_ws(' ', doc ->> 'invoiceNumber', doc ->> 'customerName', doc ->> 'notes'))
    WHEN 'payment' THEN lower(concat_ws(' ', doc ->> 'paymentNumber', doc ->> 'transactionId', doc ->> 'referenceNumber'))
    WHEN 'asset' THEN lower(concat_ws(' ', doc ->> 'assetTag', doc ->> 'name', doc ->> 'serialNumber', doc ->> 'manufacturer'))
    WHEN 'sim-card' THEN lower(concat_ws(' ', doc ->> 'iccid', doc ->> 'msisdn', doc ->> 'imsi'))
    WHEN 'address' THEN lower(concat_ws(' ', doc ->> 'street', doc ->> 'city', doc ->> 'postalCode', doc ->> 'customerName'))
    WHEN 'order' THEN lower(concat_ws(' ', doc ->> 'orderNumber', doc ->> 'customerName', doc ->> 'notes'))
    WHEN 'billing-account' THEN ''
    WHEN 'billing-cycle' THEN lower(concat_ws(' ', doc ->> 'cycleDate'))
    WHEN 'usage-record' THEN lower(concat_ws(' ', doc ->> 'description'))
    END; END $$;

-- Generic typed key columns: per kind, the state fields its unique business keys and secondary filters use, each
-- stored exactly as the JSON text (so a filter or sort on the field reads the column instead). Which field each
-- column holds per kind is listed in the catalogue (StateKinds.cs) and in the kind's view (100-views.sql).
CREATE OR REPLACE FUNCTION bss_state_key1(grain_type text, doc jsonb) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS
$$ BEGIN RETURN CASE grain_type
    WHEN 'product' THEN doc ->> 'productCode'
    WHEN 'subscription' THEN doc ->> 'subscriptionNumber'
    WHEN 'service-definition' THEN doc ->> 'code'
    WHEN 'invoice' THEN doc ->> 'invoiceNumber'
    WHEN 'payment' THEN doc ->> 'transactionId'
    WHEN 'asset' THEN doc ->> 'assetTag'
    WHEN 'sim-card' THEN doc ->> 'iccid'
    WHEN 'address' THEN doc ->> 'type'
    WHEN 'order' THEN doc ->> 'orderNumber'
    WHEN 'billing-cycle' THEN doc ->> 'cycleDate'
    WHEN 'usage-record' THEN doc ->> 'usageDate'
    END; END $$;

CREATE OR REPLACE FUNCTION bss_state_key2(grain_type text, doc jsonb) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS
$$ BEGIN RETURN CASE grain_type
    WHEN 'payment' THEN doc ->> 'gateway'
    WHEN 'asset' THEN doc ->> 'serialNumber'
    WHEN 'sim-card' THEN doc ->> 'msisdn'
    WHEN 'address' THEN doc ->> 'isPrimary'
    WHEN 'order' THEN doc ->> 'orderType'
    END; END $$;

CREATE OR REPLACE FUNCTION bss_state_key3(grain_type text, doc jsonb) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS
$$ BEGIN RETURN CASE grain_type
    WHEN 'sim-card' THEN doc ->> 'imsi'
    END; END $$;

-- A reference to another entity that a list filters by (its id as the JSON text).
CREATE OR REPLACE FUNCTION bss_state_ref(grain_type text, doc jsonb) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS
$$ BEGIN RETURN CASE grain_type
    WHEN 'subscription' THEN doc ->> 'productId'
    WHEN 'service-activation' THEN doc ->> 'serviceId'
    WHEN 'payment' THEN doc ->> 'invoiceId'
    WHEN 'usage-record' THEN doc ->> 'subscriptionId'
    END; END $$;

-- A number a list or the billing directory filters by.
CREATE OR REPLACE FUNCTION bss_state_num(grain_type text, doc jsonb) RETURNS integer
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS
$$ BEGIN RETURN CASE grain_type
    WHEN 'billing-account' THEN (doc ->> 'billCycleDay')::integer
    END; END $$;

-- A database made before the state row was the read model (payloadbinary bytea, a trigger projecting every write
-- into a table "documents"): converted once, in this file's transaction. The payload becomes jsonb in place (one
-- table rewrite, no trigger fires: the audit trail keeps its rows and records nothing for the conversion); the
-- generated columns below are added by the same ALTER TABLE on the next lines; the projection, its table and its
-- kind registry go. Counts are recounted by 011-document-counts.sql, the audit trigger reads doc from
-- 012-audit.postgres.sql on, both applied right after this file.
DO
$$
BEGIN
    IF EXISTS (SELECT 1 FROM information_schema.columns
               WHERE table_schema = 'public' AND table_name = 'orleansstorage' AND column_name = 'payloadbinary') THEN
        DROP TRIGGER IF EXISTS project_document ON orleansstorage;
        DROP TABLE IF EXISTS documents CASCADE;
        DROP TABLE IF EXISTS document_kinds;
        DROP FUNCTION IF EXISTS bss_project_document();
        DROP FUNCTION IF EXISTS bss_state_document(bytea);
        ALTER TABLE orleansstorage
            ALTER COLUMN payloadbinary TYPE jsonb USING convert_from(payloadbinary, 'UTF8')::jsonb;
        ALTER TABLE orleansstorage RENAME COLUMN payloadbinary TO doc;
        RAISE NOTICE 'orleansstorage converted: the state row is the read model now';
    END IF;
END
$$;

-- One row per grain state. grainidextensionstring is stored as '' rather than NULL so that the grain's whole
-- identity can carry a plain unique key: two activations racing their first write cannot both insert, the
-- loser gets a version conflict (InconsistentStateException) instead of a second row that breaks every read.
CREATE TABLE IF NOT EXISTS orleansstorage
(
    grainidhash            integer      NOT NULL,
    grainidn0              bigint       NOT NULL,
    grainidn1              bigint       NOT NULL,
    graintypehash          integer      NOT NULL,
    graintypestring        varchar(512) NOT NULL,
    grainidextensionstring varchar(512) NOT NULL DEFAULT '',
    serviceid              varchar(150) NOT NULL,
    doc                    jsonb,
    modifiedon             timestamptz  NOT NULL DEFAULT now(),
    version                integer      NOT NULL,
    CONSTRAINT orleansstorage_identity UNIQUE (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring)
)
-- Every write rewrites the whole payload: leave room for HOT updates (the new version on the same page) and
-- vacuum early.
WITH (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);

-- The typed columns, in one ALTER TABLE so that adding them to an existing table rewrites it once.
ALTER TABLE orleansstorage
    ADD COLUMN IF NOT EXISTS kind        text        GENERATED ALWAYS AS (bss_state_kind(graintypestring, doc)) STORED,
    ADD COLUMN IF NOT EXISTS id          uuid        GENERATED ALWAYS AS (bss_state_uuid(graintypestring, doc, 'id')) STORED,
    ADD COLUMN IF NOT EXISTS status      text        GENERATED ALWAYS AS (bss_state_text(graintypestring, doc, 'status')) STORED,
    ADD COLUMN IF NOT EXISTS customer_id uuid        GENERATED ALWAYS AS (bss_state_uuid(graintypestring, doc, 'customerId')) STORED,
    ADD COLUMN IF NOT EXISTS created_at  timestamptz GENERATED ALWAYS AS (bss_state_time(graintypestring, doc, 'createdAt')) STORED,
    ADD COLUMN IF NOT EXISTS updated_at  timestamptz GENERATED ALWAYS AS (bss_state_time(graintypestring, doc, 'updatedAt')) STORED,
    ADD COLUMN IF NOT EXISTS search_text text        GENERATED ALWAYS AS (bss_state_search(graintypestring, doc)) STORED,
    ADD COLUMN IF NOT EXISTS key1        text        GENERATED ALWAYS AS (bss_state_key1(graintypestring, doc)) STORED,
    ADD COLUMN IF NOT EXISTS key2        text        GENERATED ALWAYS AS (bss_state_key2(graintypestring, doc)) STORED,
    ADD COLUMN IF NOT EXISTS key3        text        GENERATED ALWAYS AS (bss_state_key3(graintypestring, doc)) STORED,
    ADD COLUMN IF NOT EXISTS ref         text        GENERATED ALWAYS AS (bss_state_ref(graintypestring, doc)) STORED,
    ADD COLUMN IF NOT EXISTS num         integer     GENERATED ALWAYS AS (bss_state_num(graintypestring, doc)) STORED;

-- A state write (WriteToStorageKey) is this function's call. A statement sent as text is parsed and planned again on
-- every call (PgBouncer's transaction pooling keeps no prepared statements), and planning an UPDATE or INSERT of this
-- table, with its generated columns and a score of indexes, cost more than running it: measured with pgbench on a
-- customer update, 1,640-1,820 writes/s as a statement against 2,120-2,300 as this call. PL/pgSQL keeps its
-- statements' plans for the life of the server connection, and plan_cache_mode makes it use them (left to choose,
-- it kept planning custom plans on every call). The version rule is the ADO.NET contract's: NULL inserts
-- unless the row exists, otherwise the row moves on only from the version given; a conflict returns the version given.
CREATE OR REPLACE FUNCTION bss_write_state(grain_id_hash integer, grain_id_n0 bigint, grain_id_n1 bigint,
                                           grain_type_hash integer, grain_type varchar, grain_id_extension varchar,
                                           service_id varchar, payload bytea, expected_version integer)
    RETURNS integer
    LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan AS
$$
DECLARE
    stored integer;
BEGIN
    IF expected_version IS NOT NULL THEN
        UPDATE orleansstorage
        SET doc = convert_from(payload, 'UTF8')::jsonb, modifiedon = now(), version = version + 1
        WHERE serviceid = service_id
          AND graintypestring = grain_type
          AND grainidn0 = grain_id_n0
          AND grainidn1 = grain_id_n1
          AND grainidextensionstring = coalesce(grain_id_extension, '')
          AND version = expected_version
        RETURNING version INTO stored;
    ELSE
        INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring,
                                    grainidextensionstring, serviceid, doc, modifiedon, version)
        VALUES (grain_id_hash, grain_id_n0, grain_id_n1, grain_type_hash, grain_type,
                coalesce(grain_id_extension, ''), service_id, convert_from(payload, 'UTF8')::jsonb, now(), 1)
        ON CONFLICT ON CONSTRAINT orleansstorage_identity DO NOTHING
        RETURNING version INTO stored;
    END IF;

    RETURN coalesce(stored, expected_version);
END
$$;

-- The state is read back as the bytes the storage serializer wrote, up to key order and spacing (jsonb keeps
-- neither), which System.Text.Json does not care about; numbers keep their digits (12.50 stays 12.50).
INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadFromStorageKey', '
SELECT convert_to(doc::text, ''UTF8'') AS payloadbinary, version
FROM orleansstorage
WHERE serviceid = @ServiceId
  AND graintypestring = @GrainTypeString
  AND grainidn0 = @GrainIdN0
  AND grainidn1 = @GrainIdN1
  AND grainidextensionstring = coalesce(@GrainIdExtensionString, '''')
  AND grainidhash = @GrainIdHash
  AND graintypehash = @GrainTypeHash'),
('WriteToStorageKey', '
SELECT bss_write_state(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString,
                       @ServiceId, @PayloadBinary, @GrainStateVersion) AS newgrainstateversion'),
('ClearStorageKey', '
WITH cleared AS (
    UPDATE orleansstorage
    SET doc = NULL, modifiedon = now(), version = version + 1
    WHERE serviceid = @ServiceId
      AND graintypestring = @GrainTypeString
      AND grainidn0 = @GrainIdN0
      AND grainidn1 = @GrainIdN1
      AND grainidextensionstring = coalesce(@GrainIdExtensionString, '''')
      AND version = @GrainStateVersion
    RETURNING version
)
SELECT coalesce((SELECT version FROM cleared), @GrainStateVersion) AS newgrainstateversion'),
('DeleteStorageKey', '
WITH deleted AS (
    DELETE FROM orleansstorage
    WHERE serviceid = @ServiceId
      AND graintypestring = @GrainTypeString
      AND grainidn0 = @GrainIdN0
      AND grainidn1 = @GrainIdN1
      AND grainidextensionstring = coalesce(@GrainIdExtensionString, '''')
      AND version = @GrainStateVersion
    RETURNING version
)
SELECT coalesce((SELECT version + 1 FROM deleted), @GrainStateVersion) AS newgrainstateversion')
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
