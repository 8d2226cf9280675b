DROP INDEX items_owner;
CREATE INDEX items_owner_id ON items (owner_id);
