ALTER TABLE items VALIDATE CONSTRAINT items_qty_non_negative;
