CREATE OR REPLACE VIEW ${flyway:defaultSchema}.catalog AS
SELECT id, name, price FROM ${table_prefix}products WHERE price IS NOT NULL;
