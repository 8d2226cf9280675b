-- label: unsafe
ALTER TABLE items ADD CONSTRAINT items_qty_pos CHECK (qty > 0) NOT VALID;
ALTER TABLE items VALIDATE CONSTRAINT items_qty_pos;
