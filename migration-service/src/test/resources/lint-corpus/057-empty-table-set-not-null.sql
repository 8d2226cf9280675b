-- label: safe
ALTER TABLE drafts ALTER COLUMN body SET NOT NULL;
