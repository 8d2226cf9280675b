-- The target every corpus case runs against: tables with rows (and one empty table), as an application has them.
CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE TABLE owners (id bigint PRIMARY KEY, name text NOT NULL);
INSERT INTO owners SELECT g, 'owner ' || g FROM generate_series(1, 1000) g;
CREATE TABLE items (id bigint PRIMARY KEY, owner_id bigint, qty int, name varchar(50), price numeric(10,2),
    note text, status text, created_at timestamptz DEFAULT now(), legacy text);
INSERT INTO items SELECT g, g % 1000 + 1, g, 'item ' || g, g / 100.0, NULL, 'new', now(), 'x'
    FROM generate_series(1, 20000) g;
CREATE INDEX items_owner_idx ON items (owner_id);
CREATE UNIQUE INDEX items_name_uidx ON items (name);
ALTER TABLE items ADD CONSTRAINT items_qty_nn CHECK (qty IS NOT NULL);
ALTER TABLE items ADD CONSTRAINT items_price_pos CHECK (price >= 0) NOT VALID;
CREATE TABLE events (id bigint, kind text, at timestamptz);
INSERT INTO events SELECT g, 'k' || (g % 7), now() FROM generate_series(1, 20000) g;
CREATE TABLE drafts (id bigint PRIMARY KEY, body text, owner_id bigint);
ANALYZE;
