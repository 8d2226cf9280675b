CREATE TABLE IF NOT EXISTS after_migrate_ran (at timestamptz DEFAULT now());
