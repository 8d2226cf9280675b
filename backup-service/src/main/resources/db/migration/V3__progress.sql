-- The latest progress of a running backup or restore, for REST readers; the events carry the full story.
ALTER TABLE backup
    ADD COLUMN progress_bytes            bigint,
    ADD COLUMN progress_bytes_per_second bigint,
    ADD COLUMN progress_eta_seconds      bigint,
    ADD COLUMN progress_at               timestamptz;
ALTER TABLE restore_job
    ADD COLUMN progress_bytes            bigint,
    ADD COLUMN progress_bytes_per_second bigint,
    ADD COLUMN progress_eta_seconds      bigint,
    ADD COLUMN progress_at               timestamptz;
