-- label: safe
-- non-transactional
REINDEX INDEX CONCURRENTLY items_owner_idx;
