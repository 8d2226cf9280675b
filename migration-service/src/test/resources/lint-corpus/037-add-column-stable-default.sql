-- label: safe
ALTER TABLE items ADD COLUMN IF NOT EXISTS imported_at timestamptz DEFAULT now();
