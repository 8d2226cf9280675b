-- label: safe
UPDATE items SET status = 'old' WHERE id BETWEEN 1 AND 500;
