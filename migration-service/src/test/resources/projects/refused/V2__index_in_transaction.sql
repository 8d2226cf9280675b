-- Flyway refuses this script: a CONCURRENTLY build inside an explicit transaction
BEGIN;
CREATE INDEX CONCURRENTLY items_owner ON items (owner_id);
COMMIT;
