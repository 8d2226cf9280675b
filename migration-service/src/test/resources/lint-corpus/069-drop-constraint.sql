-- label: safe
ALTER TABLE items DROP CONSTRAINT IF EXISTS items_price_pos;
