-- Services: service definitions (the catalog of provisionable services) and their activations for customers.
-- Both are projected into documents by the trigger of 010-documents.sql.

INSERT INTO document_kinds (grain_type, search_paths) VALUES
    ('service-definition', ARRAY['name', 'code', 'description']),
    ('service-activation', ARRAY['serviceCode', 'serviceName', 'notes'])
ON CONFLICT (grain_type) DO UPDATE SET search_paths = excluded.search_paths;

-- A service code names one service definition (deleted ones leave the table, so their code is free again).
-- The projection runs inside the state write, so a duplicate code fails that write (ServiceGrain.CodeIndex).
CREATE UNIQUE INDEX IF NOT EXISTS ux_documents_service_code
    ON documents ((doc ->> 'code'))
    WHERE kind = 'service-definition';

-- At most one open (PENDING, SCHEDULED, PROVISIONING, ACTIVE, DEPROVISIONING) activation of a service per customer,
-- also when two requests race (ServiceActivationGrain.OpenActivationIndex).
CREATE UNIQUE INDEX IF NOT EXISTS ux_documents_open_service_activation
    ON documents ((doc ->> 'serviceId'), customer_id)
    WHERE kind = 'service-activation'
      AND status IN ('PENDING', 'SCHEDULED', 'PROVISIONING', 'ACTIVE', 'DEPROVISIONING');
