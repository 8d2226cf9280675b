-- label: unsafe
-- breaks: SELECT EXISTS (SELECT legacy FROM items)
ALTER TABLE items DROP COLUMN legacy;
