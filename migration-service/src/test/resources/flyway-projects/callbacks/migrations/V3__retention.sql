CREATE FUNCTION purge_events() RETURNS bigint LANGUAGE sql AS $$
    WITH gone AS (DELETE FROM events WHERE at < now() - interval '${retention_days} days' RETURNING 1)
    SELECT count(*) FROM gone
$$;
