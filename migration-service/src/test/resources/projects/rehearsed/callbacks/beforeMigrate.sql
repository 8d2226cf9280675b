CREATE TABLE IF NOT EXISTS ${flyway:defaultSchema}.migration_audit (source text, at timestamptz DEFAULT now());
