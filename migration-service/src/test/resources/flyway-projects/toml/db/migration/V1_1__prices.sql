ALTER TABLE ${table_prefix}products ADD COLUMN price numeric(10, 2);
