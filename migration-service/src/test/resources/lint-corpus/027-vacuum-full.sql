-- label: unsafe
-- non-transactional
VACUUM FULL items;
