-- label: safe
ALTER TABLE items ADD CONSTRAINT items_qty_pos CHECK (qty > 0) NOT VALID;
