-- Breaches this service emitted: open ones (resolved_at IS NULL) survive a restart, so it neither re-emits
-- nor forgets them; resolved ones are the history.
CREATE TABLE breach (
    id              bigserial PRIMARY KEY,
    target          text             NOT NULL,
    rule            text             NOT NULL,
    severity        text             NOT NULL,
    value           double precision NOT NULL,
    threshold       double precision,
    unit            text             NOT NULL,
    since           timestamptz      NOT NULL,
    details         text             NOT NULL,
    changed_at      timestamptz      NOT NULL,
    resolved_at     timestamptz,
    resolved_value  double precision
);
CREATE UNIQUE INDEX breach_open ON breach (target, rule) WHERE resolved_at IS NULL;
CREATE INDEX breach_target ON breach (target, since DESC);

-- Every window in which a statement was slow; published = a SlowQueryDetected went out for it (the others
-- fell within dbops.monitor.slow-queries.repeat-after of an earlier one). Feeds slow queries per hour.
CREATE TABLE slow_query (
    id            bigserial PRIMARY KEY,
    target        text             NOT NULL,
    query_id      text             NOT NULL,
    query         text             NOT NULL,
    calls         bigint           NOT NULL,
    mean_ms       double precision NOT NULL,
    total_ms      double precision NOT NULL,
    rows_per_call double precision NOT NULL,
    window_start  timestamptz      NOT NULL,
    window_end    timestamptz      NOT NULL,
    threshold_ms  double precision NOT NULL,
    published     boolean          NOT NULL
);
CREATE INDEX slow_query_target ON slow_query (target, window_end DESC);

-- The newest BackupCompleted seen per target, for the backup.age rule.
CREATE TABLE last_backup (
    target        text PRIMARY KEY,
    backup_id     text        NOT NULL,
    completed_at  timestamptz NOT NULL,
    size_bytes    bigint      NOT NULL,
    received_at   timestamptz NOT NULL
);
