INSERT INTO migration_audit (event, script) VALUES ('afterEachMigrate', '${flyway:filename}');
