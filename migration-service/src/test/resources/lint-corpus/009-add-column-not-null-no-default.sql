-- label: unsafe
ALTER TABLE items ADD COLUMN flag boolean NOT NULL;
