-- label: unsafe
-- breaks: SELECT EXISTS (SELECT 1 FROM items)
ALTER TABLE items RENAME TO products;
