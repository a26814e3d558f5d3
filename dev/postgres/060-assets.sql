-- Assets: devices (grain type "asset") and SIM cards (grain type "sim-card") in the documents read table.
-- Idempotent, like every file here.

INSERT INTO document_kinds (grain_type, search_paths) VALUES
    ('asset', ARRAY['assetTag', 'name', 'serialNumber', 'manufacturer']),
    ('sim-card', ARRAY['iccid', 'msisdn', 'imsi'])
ON CONFLICT (grain_type) DO UPDATE SET search_paths = excluded.search_paths;

-- Uniqueness across devices and across SIM cards. The projection runs inside the state write, so a duplicate
-- fails the write itself, also when two creates race; the grains register these names with UniqueConstraints
-- so the answer is a 409 naming the field. Asset tags and serial numbers compare case-insensitively.
CREATE UNIQUE INDEX IF NOT EXISTS ux_documents_asset_tag
    ON documents (lower(doc ->> 'assetTag')) WHERE kind = 'asset';
CREATE UNIQUE INDEX IF NOT EXISTS ux_documents_asset_serial_number
    ON documents (lower(doc ->> 'serialNumber')) WHERE kind = 'asset' AND doc ? 'serialNumber';
CREATE UNIQUE INDEX IF NOT EXISTS ux_documents_sim_iccid
    ON documents ((doc ->> 'iccid')) WHERE kind = 'sim-card';
CREATE UNIQUE INDEX IF NOT EXISTS ux_documents_sim_msisdn
    ON documents ((doc ->> 'msisdn')) WHERE kind = 'sim-card' AND doc ? 'msisdn';
CREATE UNIQUE INDEX IF NOT EXISTS ux_documents_sim_imsi
    ON documents ((doc ->> 'imsi')) WHERE kind = 'sim-card';
