-- label: unsafe
-- non-transactional
CREATE INDEX items_qty_idx ON items (qty);
