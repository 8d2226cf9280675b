-- A Flyway callback, run after a request's last step, as Flyway runs it.
COMMENT ON TABLE accounts IS 'managed by dbops migration-service';
