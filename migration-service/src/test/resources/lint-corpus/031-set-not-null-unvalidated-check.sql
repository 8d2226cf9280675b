-- label: unsafe
ALTER TABLE events ADD CONSTRAINT events_kind_nn CHECK (kind IS NOT NULL) NOT VALID;
ALTER TABLE events ALTER COLUMN kind SET NOT NULL;
