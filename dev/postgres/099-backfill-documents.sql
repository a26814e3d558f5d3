-- Runs after every file that registers its kinds in document_kinds (and before the grants, 900-application-grants.sql).
-- Backfill: project states written before their kind was registered (or before this table existed).
-- Idempotent, and a no-op once every state has its row.
INSERT INTO documents (kind, id, doc, status, customer_id, created_at, updated_at, version, search_text)
SELECT s.graintypestring, (d.doc ->> 'id')::uuid, d.doc, d.doc ->> 'status', (d.doc ->> 'customerId')::uuid,
       (d.doc ->> 'createdAt')::timestamptz, (d.doc ->> 'updatedAt')::timestamptz, (d.doc ->> 'version')::integer,
       lower(array_to_string(ARRAY(SELECT d.doc ->> p FROM unnest(k.search_paths) AS p), ' '))
FROM orleansstorage s
JOIN document_kinds k ON k.grain_type = s.graintypestring
CROSS JOIN LATERAL (SELECT bss_state_document(s.payloadbinary) AS doc) d
WHERE d.doc IS NOT NULL AND NOT coalesce((d.doc ->> 'isDeleted')::boolean, false)
ON CONFLICT ON CONSTRAINT documents_pkey DO NOTHING;
