-- A request's way through plan, backup, run and outcome, so any instance can pick it up after a crash.
ALTER TABLE migration_request
    ADD COLUMN override_findings boolean     NOT NULL DEFAULT false,
    ADD COLUMN detail            text,
    ADD COLUMN plan              text,
    ADD COLUMN applied           text,
    ADD COLUMN from_version      text,
    ADD COLUMN backup_request_id text,
    ADD COLUMN backup_id         text,
    ADD COLUMN backup_outcome    text,
    ADD COLUMN backup_deadline   timestamptz,
    ADD COLUMN failure_cause     text,
    ADD COLUMN updated_at        timestamptz,
    ADD COLUMN finished_at       timestamptz;
CREATE INDEX migration_request_open ON migration_request (target, received_at)
    WHERE status NOT IN ('PLANNED', 'COMPLETED', 'FAILED', 'ROLLED_BACK');
CREATE INDEX migration_request_backup ON migration_request (backup_request_id);
ALTER TABLE migration_request ADD COLUMN row_version bigint NOT NULL DEFAULT 0;
