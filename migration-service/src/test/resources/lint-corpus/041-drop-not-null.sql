-- label: safe
ALTER TABLE owners ALTER COLUMN name DROP NOT NULL;
