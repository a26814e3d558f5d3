-- A payment gateway's transaction is one payment: recording it twice would count the money twice. Unique per
-- gateway (a payment without a gateway counts as gateway ''), so a second use makes the state write fail and the
-- grain answers 409 naming transactionId (see UniqueConstraints).
--
-- Idempotent. A database that already holds duplicates (recorded before this index) keeps working without it: the
-- failure is reported as a warning naming the query that finds them, so the duplicates can be settled by hand and the
-- file applied again.
DO
$$
BEGIN
    CREATE UNIQUE INDEX IF NOT EXISTS ux_documents_payment_transaction
        ON documents ((coalesce(doc ->> 'gateway', '')), (doc ->> 'transactionId'))
        WHERE kind = 'payment' AND doc ->> 'transactionId' IS NOT NULL;
EXCEPTION
    WHEN unique_violation THEN
        RAISE WARNING 'ux_documents_payment_transaction not created: duplicate payment transaction ids exist (%). Find them with: '
            'SELECT coalesce(doc ->> ''gateway'', ''''), doc ->> ''transactionId'', count(*) FROM documents '
            'WHERE kind = ''payment'' AND doc ->> ''transactionId'' IS NOT NULL GROUP BY 1, 2 HAVING count(*) > 1', SQLERRM;
END
$$;
