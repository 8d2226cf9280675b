CREATE OR REPLACE VIEW ${flyway:defaultSchema}.open_invoices AS SELECT id, total, due FROM invoices WHERE NOT paid;
