-- label: unsafe
ALTER TABLE items ADD COLUMN token uuid DEFAULT gen_random_uuid();
