-- The backup catalog: every backup this service was asked for, from request to expiry.
CREATE TABLE backup (
    backup_id            text PRIMARY KEY,
    request_id           text        NOT NULL UNIQUE,
    correlation_id       text,
    target               text        NOT NULL,
    reason               text        NOT NULL,
    requested_by         text,
    status               text        NOT NULL,  -- QUEUED, RUNNING, COMPLETED, FAILED
    requested_at         timestamptz NOT NULL,
    started_at           timestamptz,
    completed_at         timestamptz,
    duration_ms          bigint,
    location             text,
    format               text,
    compression          text,
    server_version       text,
    size_bytes           bigint,
    manifest_sha256      text,
    failure_cause        text,
    verification         text        NOT NULL,  -- NONE, PENDING, RUNNING, VERIFIED, FAILED
    verified_at          timestamptz,
    verification_check   text,
    verification_details text,
    drill_duration_ms    bigint,
    retention_class      text,
    -- optimistic lock: the REST re-verify runs outside the target's lock and must not be overwritten
    version              bigint      NOT NULL DEFAULT 0
);
CREATE INDEX backup_target ON backup (target, requested_at);
CREATE INDEX backup_work ON backup (status, verification);

-- One row per file of a completed backup, as the manifest lists it.
CREATE TABLE backup_file (
    backup_id  text   NOT NULL REFERENCES backup ON DELETE CASCADE,
    path       text   NOT NULL,
    size_bytes bigint NOT NULL,
    sha256     text   NOT NULL,
    PRIMARY KEY (backup_id, path)
);

-- Per-table row counts taken in the dump's snapshot: what a drill or a restore must reproduce.
CREATE TABLE backup_table (
    backup_id  text   NOT NULL REFERENCES backup ON DELETE CASCADE,
    table_name text   NOT NULL,
    row_count  bigint NOT NULL,
    PRIMARY KEY (backup_id, table_name)
);

-- Restores asked for with RestoreRequested, by request id.
CREATE TABLE restore_job (
    request_id       text PRIMARY KEY,
    correlation_id   text,
    target           text        NOT NULL,
    backup_id        text        NOT NULL,
    into_database    text        NOT NULL,
    tables           text,        -- one identifier a line
    schemas          text,
    overwrite        boolean     NOT NULL,
    requested_by     text,
    status           text        NOT NULL,  -- QUEUED, RUNNING, COMPLETED, FAILED
    requested_at     timestamptz NOT NULL,
    started_at       timestamptz,
    completed_at     timestamptz,
    duration_ms      bigint,
    failure_cause    text,
    created_database boolean     NOT NULL DEFAULT false
);
CREATE INDEX restore_job_work ON restore_job (status, target);
CREATE INDEX restore_job_backup ON restore_job (backup_id);
