CREATE TABLE items (id bigint PRIMARY KEY, owner_id bigint);
CREATE INDEX items_owner ON items (owner_id);
