CREATE INDEX CONCURRENTLY IF NOT EXISTS items_owner ON items (owner_id);
