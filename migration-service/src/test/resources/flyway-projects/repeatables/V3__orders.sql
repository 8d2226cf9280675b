CREATE TABLE orders (
    id bigint PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id),
    sku text NOT NULL REFERENCES inventory (sku),
    qty integer NOT NULL CHECK (qty > 0)
);
