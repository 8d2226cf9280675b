-- label: safe
ALTER TABLE drafts ALTER COLUMN owner_id TYPE numeric;
