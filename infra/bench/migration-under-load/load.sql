-- One client transaction: read a row of the 1M-row table and write it.
\set id random(1, 1000000)
BEGIN;
SELECT owner_id, qty FROM items WHERE id = :id;
UPDATE items SET qty = qty + 1 WHERE id = :id;
END;
