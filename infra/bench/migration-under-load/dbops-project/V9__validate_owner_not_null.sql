ALTER TABLE items VALIDATE CONSTRAINT items_owner_not_null;
