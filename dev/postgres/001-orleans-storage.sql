-- Orleans ADO.NET grain storage (invariant Npgsql), written for this product.
-- The Orleans packages ship no SQL: the providers look up their statements in OrleansQuery by key and
-- bind parameters and read columns by name. Every statement here is idempotent: applying twice is harmless.

CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64)   NOT NULL PRIMARY KEY,
    querytext varchar(8000) NOT NULL
);

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
    payloadbinary          bytea,
    modifiedon             timestamptz  NOT NULL DEFAULT now(),
    version                integer      NOT NULL,
    CONSTRAINT orleansstorage_identity UNIQUE (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring)
)
-- Every write rewrites the whole payload: leave room for HOT updates and vacuum early.
WITH (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);

INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadFromStorageKey', '
SELECT payloadbinary, version
FROM orleansstorage
WHERE serviceid = @ServiceId
  AND graintypestring = @GrainTypeString
  AND grainidn0 = @GrainIdN0
  AND grainidn1 = @GrainIdN1
  AND grainidextensionstring = coalesce(@GrainIdExtensionString, '''')
  AND grainidhash = @GrainIdHash
  AND graintypehash = @GrainTypeHash'),
('WriteToStorageKey', '
WITH updated AS (
    UPDATE orleansstorage
    SET payloadbinary = @PayloadBinary, modifiedon = now(), version = version + 1
    WHERE serviceid = @ServiceId
      AND graintypestring = @GrainTypeString
      AND grainidn0 = @GrainIdN0
      AND grainidn1 = @GrainIdN1
      AND grainidextensionstring = coalesce(@GrainIdExtensionString, '''')
      AND @GrainStateVersion IS NOT NULL
      AND version = @GrainStateVersion
    RETURNING version
), inserted AS (
    INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring,
                                grainidextensionstring, serviceid, payloadbinary, modifiedon, version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
           coalesce(@GrainIdExtensionString, ''''), @ServiceId, @PayloadBinary, now(), 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT ON CONSTRAINT orleansstorage_identity DO NOTHING
    RETURNING version
)
SELECT coalesce((SELECT version FROM updated), (SELECT version FROM inserted), @GrainStateVersion) AS newgrainstateversion'),
('ClearStorageKey', '
WITH cleared AS (
    UPDATE orleansstorage
    SET payloadbinary = NULL, modifiedon = now(), version = version + 1
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
