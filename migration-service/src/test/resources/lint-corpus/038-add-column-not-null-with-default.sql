-- label: safe
ALTER TABLE items ADD COLUMN IF NOT EXISTS archived boolean NOT NULL DEFAULT false;
