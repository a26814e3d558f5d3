-- Billing on the query side: accounts (which cycle day bills which customer), cycles, and usage records.

INSERT INTO document_kinds (grain_type, search_paths) VALUES
    ('billing-account', ARRAY[]::text[]),
    ('billing-cycle', ARRAY['cycleDate']),
    ('usage-record', ARRAY['description'])
ON CONFLICT (grain_type) DO UPDATE SET search_paths = excluded.search_paths;

-- One cycle per cycle date: a second create fails its state write (see UniqueConstraints) and answers 409.
CREATE UNIQUE INDEX IF NOT EXISTS ux_documents_billing_cycle_date ON documents ((doc ->> 'cycleDate'))
    WHERE kind = 'billing-cycle';

-- Due accounts are found by cycle day.
CREATE INDEX IF NOT EXISTS ix_documents_billing_cycle_day ON documents (((doc ->> 'billCycleDay')::int))
    WHERE kind = 'billing-account';

CREATE INDEX IF NOT EXISTS ix_documents_usage_subscription ON documents ((doc ->> 'subscriptionId'), (doc ->> 'usageDate'))
    WHERE kind = 'usage-record';
