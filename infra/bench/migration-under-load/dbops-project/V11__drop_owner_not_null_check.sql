ALTER TABLE items DROP CONSTRAINT IF EXISTS items_owner_not_null;
