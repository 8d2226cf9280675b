-- label: unsafe
ALTER TABLE items ADD CONSTRAINT items_qty_pos CHECK (qty > 0);
