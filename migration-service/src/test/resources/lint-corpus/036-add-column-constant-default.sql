-- label: safe
ALTER TABLE items ADD COLUMN IF NOT EXISTS currency text DEFAULT 'EUR';
