-- label: unsafe
ALTER TABLE items ADD CONSTRAINT items_owner_fk FOREIGN KEY (owner_id) REFERENCES owners (id) NOT VALID;
ALTER TABLE items VALIDATE CONSTRAINT items_owner_fk;
