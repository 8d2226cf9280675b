-- label: safe
ALTER TABLE items ALTER COLUMN price TYPE numeric(12,2);
