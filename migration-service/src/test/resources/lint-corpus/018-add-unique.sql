-- label: unsafe
ALTER TABLE items ADD CONSTRAINT items_id_qty_key UNIQUE (id, qty);
