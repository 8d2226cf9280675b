-- label: unsafe
ALTER TABLE items ALTER COLUMN status TYPE int USING 0;
