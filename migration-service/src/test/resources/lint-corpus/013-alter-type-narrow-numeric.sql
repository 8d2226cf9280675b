-- label: unsafe
ALTER TABLE items ALTER COLUMN price TYPE numeric(8,2);
