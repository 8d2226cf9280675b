CREATE TABLE IF NOT EXISTS items (id bigint PRIMARY KEY, owner_id bigint, qty int);
INSERT INTO items SELECT g, g % 10, g FROM generate_series(1, 400) g;
