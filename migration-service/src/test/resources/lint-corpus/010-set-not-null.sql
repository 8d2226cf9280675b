-- label: unsafe
ALTER TABLE events ALTER COLUMN kind SET NOT NULL;
