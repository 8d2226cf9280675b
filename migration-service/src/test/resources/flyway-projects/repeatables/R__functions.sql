-- over a table of V2: Flyway runs repeatable scripts after the last versioned one
CREATE OR REPLACE FUNCTION stock_of(p_sku text) RETURNS integer
LANGUAGE sql STABLE AS $$
    SELECT qty FROM inventory WHERE sku = p_sku
$$;
