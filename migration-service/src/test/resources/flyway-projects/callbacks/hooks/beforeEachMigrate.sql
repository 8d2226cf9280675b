INSERT INTO migration_audit (event, script) VALUES ('beforeEachMigrate', '${flyway:filename}');
