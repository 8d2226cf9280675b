CREATE TABLE IF NOT EXISTS ${flyway:defaultSchema}.migration_audit (
    seq serial PRIMARY KEY,
    event text NOT NULL,
    script text
);
INSERT INTO migration_audit (event) VALUES ('beforeMigrate');
