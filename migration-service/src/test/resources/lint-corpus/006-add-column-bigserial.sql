-- label: unsafe
ALTER TABLE items ADD COLUMN seq bigserial;
