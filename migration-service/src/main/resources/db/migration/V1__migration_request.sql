-- Every MigrationRequested / RollbackRequested this service accepted, by request id.
CREATE TABLE migration_request (
    request_id     text PRIMARY KEY,
    target         text        NOT NULL,
    kind           text        NOT NULL,
    target_version text,
    dry_run        boolean     NOT NULL DEFAULT false,
    backup_first   boolean,
    requested_by   text        NOT NULL,
    reason         text        NOT NULL,
    source         text        NOT NULL,
    status         text        NOT NULL,
    received_at    timestamptz NOT NULL
);
CREATE INDEX migration_request_target ON migration_request (target, received_at);
