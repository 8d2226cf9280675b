-- label: unsafe
-- breaks: SELECT EXISTS (SELECT qty FROM items)
ALTER TABLE items RENAME COLUMN qty TO quantity;
