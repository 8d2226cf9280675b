-- label: safe
COMMENT ON COLUMN items.qty IS 'units in stock';
