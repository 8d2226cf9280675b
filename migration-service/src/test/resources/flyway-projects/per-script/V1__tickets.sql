CREATE TABLE tickets (id bigint PRIMARY KEY, status text NOT NULL, opened_at timestamptz NOT NULL);
