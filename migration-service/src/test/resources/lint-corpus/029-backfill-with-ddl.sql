-- label: unsafe
ALTER TABLE items ADD COLUMN flag boolean;
UPDATE items SET flag = false;
