-- label: unsafe
CREATE INDEX items_qty_idx ON items (qty);
