CREATE TABLE shipping.shipments (id bigint PRIMARY KEY, invoice_id bigint NOT NULL REFERENCES billing.invoices (id));
