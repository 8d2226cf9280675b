CREATE TABLE inventory (
    sku text PRIMARY KEY,
    qty integer NOT NULL DEFAULT 0
);
