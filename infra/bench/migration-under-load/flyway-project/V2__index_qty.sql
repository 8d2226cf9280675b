CREATE INDEX items_qty ON items (qty);
