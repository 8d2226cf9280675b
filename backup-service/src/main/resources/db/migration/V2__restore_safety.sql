-- A restore takes only verified backups unless asked explicitly; an overwrite restores into a staging
-- database and swaps it in by rename, keeping the replaced database until retention drops it.
ALTER TABLE restore_job
    ADD COLUMN allow_unverified  boolean NOT NULL DEFAULT false,
    ADD COLUMN staging_database  text,
    ADD COLUMN replaced_database text,
    ADD COLUMN replaced_dropped  boolean NOT NULL DEFAULT false;
