ALTER TABLE items ADD CONSTRAINT items_qty_non_negative CHECK (qty >= 0);
