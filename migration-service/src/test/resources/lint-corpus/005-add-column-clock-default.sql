-- label: unsafe
ALTER TABLE items ADD COLUMN seen_at timestamptz DEFAULT clock_timestamp();
