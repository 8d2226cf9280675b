-- Takes an ACCESS EXCLUSIVE lock on app.seed: the system test holds a lock there so that this step waits
-- in its lock back-off while the migration-service is stopped.
ALTER TABLE app.seed ADD COLUMN IF NOT EXISTS note text;
