-- label: safe
-- non-transactional
CREATE INDEX CONCURRENTLY IF NOT EXISTS items_qty_idx ON items (qty);
