-- label: unsafe
REINDEX TABLE items;
