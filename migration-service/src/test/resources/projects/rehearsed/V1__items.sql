CREATE TABLE IF NOT EXISTS items (id bigint PRIMARY KEY, owner_id bigint);
