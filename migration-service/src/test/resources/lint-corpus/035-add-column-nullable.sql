-- label: safe
ALTER TABLE items ADD COLUMN IF NOT EXISTS discount int;
