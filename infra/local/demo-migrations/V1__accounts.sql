-- The demo target's own table (in public; the backup demo keeps its data in schema demo_shop).
CREATE TABLE IF NOT EXISTS accounts (
    id         bigint PRIMARY KEY,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO accounts (id, name) SELECT g, 'account ' || g FROM generate_series(1, 20000) g;
