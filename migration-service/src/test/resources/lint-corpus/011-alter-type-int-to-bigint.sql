-- label: unsafe
ALTER TABLE items ALTER COLUMN qty TYPE bigint;
