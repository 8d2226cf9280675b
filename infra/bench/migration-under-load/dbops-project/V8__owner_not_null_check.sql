ALTER TABLE items ADD CONSTRAINT items_owner_not_null CHECK (owner_id IS NOT NULL) NOT VALID;
