-- label: safe
CREATE OR REPLACE VIEW item_totals AS SELECT owner_id, sum(qty) AS qty FROM items GROUP BY owner_id;
