-- label: unsafe
ALTER TABLE items ADD COLUMN double_qty int GENERATED ALWAYS AS (qty * 2) STORED;
