CREATE OR REPLACE VIEW customer_orders AS
SELECT c.id, c.name, count(o.id) AS orders, coalesce(sum(o.qty), 0) AS items
FROM customers c LEFT JOIN orders o ON o.customer_id = c.id
GROUP BY c.id, c.name;
