INSERT INTO migration_audit (source) VALUES ('${audit_source}');
