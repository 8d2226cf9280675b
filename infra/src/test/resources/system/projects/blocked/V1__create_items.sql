CREATE TABLE IF NOT EXISTS items (id bigint PRIMARY KEY, name text NOT NULL);
