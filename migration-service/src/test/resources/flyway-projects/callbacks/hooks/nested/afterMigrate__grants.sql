GRANT SELECT ON ALL TABLES IN SCHEMA ${flyway:defaultSchema} TO ${reader};
INSERT INTO migration_audit (event) VALUES ('afterMigrate');
