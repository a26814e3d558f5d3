-- One view per listed kind, for people who know SQL (the README's quick tour, dev/run's hint): the typed columns of
-- the state rows (001-orleans-storage.sql) under their business names, the main fields of the state, and the whole
-- state as doc. Read-only (900-application-grants.sql gives bss SELECT only). The views live in public beside the
-- table; the catalogue (src/Bss.ReadSide/StateKinds.cs) names each kind's view, and a test checks every one exists
-- and runs the README's queries. Recreated on every apply (a column added or removed needs DROP, not REPLACE).

DROP VIEW IF EXISTS customers;
CREATE VIEW customers AS
SELECT id,
       status,
       doc ->> 'firstName' AS first_name,
       doc ->> 'lastName' AS last_name,
       doc ->> 'email' AS email,
       doc ->> 'phone' AS phone,
       doc ->> 'pesel' AS pesel,
       doc ->> 'nip' AS nip,
       created_at,
       updated_at,
       doc
FROM orleansstorage
WHERE kind = 'customer';
COMMENT ON VIEW customers IS 'Customers: one row per live (not deleted) customer. Grain type customer; doc is the whole state (JSON).';

DROP VIEW IF EXISTS products;
CREATE VIEW products AS
SELECT id,
       status,
       key1 AS product_code,
       doc ->> 'name' AS name,
       doc ->> 'productType' AS product_type,
       doc ->> 'category' AS category,
       (doc ->> 'price')::numeric AS price,
       doc ->> 'currency' AS currency,
       doc ->> 'billingPeriod' AS billing_period,
       created_at,
       updated_at,
       doc
FROM orleansstorage
WHERE kind = 'product';
COMMENT ON VIEW products IS 'Catalog products (plans, add-ons, devices) with their price. Grain type product; doc is the whole state (JSON).';

DROP VIEW IF EXISTS subscriptions;
CREATE VIEW subscriptions AS
SELECT id,
       status,
       customer_id,
       key1 AS subscription_number,
       ref::uuid AS product_id,
       (doc ->> 'startDate')::date AS start_date,
       (doc ->> 'endDate')::date AS end_date,
       (doc ->> 'nextBillingDate')::date AS next_billing_date,
       (doc ->> 'price')::numeric AS price,
       (doc ->> 'netAmount')::numeric AS net_amount,
       doc ->> 'currency' AS currency,
       created_at,
       updated_at,
       doc
FROM orleansstorage
WHERE kind = 'subscription';
COMMENT ON VIEW subscriptions IS 'Customers'' subscriptions to products. Grain type subscription; doc is the whole state (JSON).';

DROP VIEW IF EXISTS orders;
CREATE VIEW orders AS
SELECT id,
       status,
       customer_id,
       key1 AS order_number,
       key2 AS order_type,
       doc ->> 'customerName' AS customer_name,
       doc ->> 'priority' AS priority,
       (doc ->> 'totalAmount')::numeric AS total_amount,
       doc ->> 'currency' AS currency,
       (doc ->> 'requestedDate')::date AS requested_date,
       (doc ->> 'completedDate')::date AS completed_date,
       created_at,
       updated_at,
       doc
FROM orleansstorage
WHERE kind = 'order';
COMMENT ON VIEW orders IS 'Orders (new, change, cancellation) and their totals. Grain type order; doc is the whole state (JSON).';

DROP VIEW IF EXISTS invoices;
CREATE VIEW invoices AS
SELECT id,
       status,
       customer_id,
       key1 AS invoice_number,
       doc ->> 'customerName' AS customer_name,
       doc ->> 'invoiceType' AS invoice_type,
       (doc ->> 'issueDate')::date AS issue_date,
       (doc ->> 'dueDate')::date AS due_date,
       (doc ->> 'totalAmount')::numeric AS total_amount,
       (doc ->> 'amountPaid')::numeric AS amount_paid,
       doc ->> 'currency' AS currency,
       created_at,
       updated_at,
       doc
FROM orleansstorage
WHERE kind = 'invoice';
COMMENT ON VIEW invoices IS 'Invoices with their amounts; invoice_number is absent on drafts. Grain type invoice; doc is the whole state (JSON).';

DROP VIEW IF EXISTS payments;
CREATE VIEW payments AS
SELECT id,
       status,
       customer_id,
       key1 AS transaction_id,
       key2 AS gateway,
       ref::uuid AS invoice_id,
       doc ->> 'paymentNumber' AS payment_number,
       (doc ->> 'amount')::numeric AS amount,
       doc ->> 'currency' AS currency,
       doc ->> 'paymentMethod' AS payment_method,
       (doc ->> 'paymentDate')::date AS payment_date,
       created_at,
       updated_at,
       doc
FROM orleansstorage
WHERE kind = 'payment';
COMMENT ON VIEW payments IS 'Payments received (or reversed), with the invoice they settle. Grain type payment; doc is the whole state (JSON).';

DROP VIEW IF EXISTS services;
CREATE VIEW services AS
SELECT id,
       status,
       key1 AS code,
       doc ->> 'name' AS name,
       doc ->> 'type' AS type,
       doc ->> 'category' AS category,
       doc ->> 'technology' AS technology,
       (doc ->> 'price')::numeric AS price,
       doc ->> 'currency' AS currency,
       (doc ->> 'activeCustomerCount')::integer AS active_customer_count,
       created_at,
       updated_at,
       doc
FROM orleansstorage
WHERE kind = 'service-definition';
COMMENT ON VIEW services IS 'Service definitions: the provisionable services of the catalog. Grain type service-definition; doc is the whole state (JSON).';

DROP VIEW IF EXISTS service_activations;
CREATE VIEW service_activations AS
SELECT id,
       status,
       customer_id,
       ref::uuid AS service_id,
       doc ->> 'serviceCode' AS service_code,
       doc ->> 'serviceName' AS service_name,
       (doc ->> 'startDate')::date AS start_date,
       (doc ->> 'endDate')::date AS end_date,
       created_at,
       updated_at,
       doc
FROM orleansstorage
WHERE kind = 'service-activation';
COMMENT ON VIEW service_activations IS 'Activations of services for customers. Grain type service-activation; doc is the whole state (JSON).';

DROP VIEW IF EXISTS assets;
CREATE VIEW assets AS
SELECT id,
       status,
       key1 AS asset_tag,
       key2 AS serial_number,
       doc ->> 'assetType' AS asset_type,
       doc ->> 'name' AS name,
       doc ->> 'manufacturer' AS manufacturer,
       (doc ->> 'assignedToId')::uuid AS assigned_to_id,
       (doc ->> 'purchaseDate')::date AS purchase_date,
       (doc ->> 'warrantyExpiry')::date AS warranty_expiry,
       created_at,
       updated_at,
       doc
FROM orleansstorage
WHERE kind = 'asset';
COMMENT ON VIEW assets IS 'Devices (routers, modems, set-top boxes) and whom they are assigned to. Grain type asset; doc is the whole state (JSON).';

DROP VIEW IF EXISTS sim_cards;
CREATE VIEW sim_cards AS
SELECT id,
       status,
       key1 AS iccid,
       key2 AS msisdn,
       key3 AS imsi,
       doc ->> 'networkOperator' AS network_operator,
       (doc ->> 'assignedToId')::uuid AS assigned_to_id,
       (doc ->> 'activationDate')::date AS activation_date,
       (doc ->> 'expiryDate')::date AS expiry_date,
       created_at,
       updated_at,
       doc
FROM orleansstorage
WHERE kind = 'sim-card';
COMMENT ON VIEW sim_cards IS 'SIM cards, their numbers and whom they are assigned to. Grain type sim-card; doc is the whole state (JSON).';

DROP VIEW IF EXISTS addresses;
CREATE VIEW addresses AS
SELECT id,
       status,
       customer_id,
       key1 AS type,
       key2 = 'true' AS is_primary,
       doc ->> 'street' AS street,
       doc ->> 'houseNumber' AS house_number,
       doc ->> 'apartmentNumber' AS apartment_number,
       doc ->> 'postalCode' AS postal_code,
       doc ->> 'city' AS city,
       doc ->> 'country' AS country,
       created_at,
       updated_at,
       doc
FROM orleansstorage
WHERE kind = 'address';
COMMENT ON VIEW addresses IS 'Customers'' addresses (billing, installation, ...). Grain type address; doc is the whole state (JSON).';

DROP VIEW IF EXISTS billing_accounts;
CREATE VIEW billing_accounts AS
SELECT id,
       status,
       customer_id,
       num AS bill_cycle_day,
       doc ->> 'currency' AS currency,
       (doc ->> 'credit')::numeric AS credit,
       (doc ->> 'invoicesGenerated')::integer AS invoices_generated,
       (doc ->> 'totalInvoiced')::numeric AS total_invoiced,
       (doc ->> 'lastCycleDate')::date AS last_cycle_date,
       created_at,
       updated_at,
       doc
FROM orleansstorage
WHERE kind = 'billing-account';
COMMENT ON VIEW billing_accounts IS 'Billing accounts (one per billed customer): cycle day, credit, what was invoiced. Grain type billing-account; doc is the whole state (JSON).';

DROP VIEW IF EXISTS billing_cycles;
CREATE VIEW billing_cycles AS
SELECT id,
       status,
       key1::date AS cycle_date,
       (doc ->> 'totalAccounts')::integer AS total_accounts,
       bss_state_time(graintypestring, doc, 'startedAt') AS started_at,
       bss_state_time(graintypestring, doc, 'completedAt') AS completed_at,
       created_at,
       updated_at,
       doc
FROM orleansstorage
WHERE kind = 'billing-cycle';
COMMENT ON VIEW billing_cycles IS 'Billing cycles, one per cycle date. Grain type billing-cycle; doc is the whole state (JSON).';

DROP VIEW IF EXISTS usage_records;
CREATE VIEW usage_records AS
SELECT id,
       status,
       customer_id,
       ref::uuid AS subscription_id,
       key1::date AS usage_date,
       doc ->> 'usageType' AS usage_type,
       (doc ->> 'quantity')::numeric AS quantity,
       doc ->> 'unit' AS unit,
       doc ->> 'description' AS description,
       created_at,
       updated_at,
       doc
FROM orleansstorage
WHERE kind = 'usage-record';
COMMENT ON VIEW usage_records IS 'Usage records (data, voice, SMS) of subscriptions, by day. Grain type usage-record; doc is the whole state (JSON).';
