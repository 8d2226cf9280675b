-- label: safe
-- non-transactional
DROP INDEX CONCURRENTLY IF EXISTS items_owner_idx;
