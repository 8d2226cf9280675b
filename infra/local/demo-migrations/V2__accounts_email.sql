-- Nullable, no default: a catalog-only change, instant on any table size.
ALTER TABLE accounts ADD COLUMN IF NOT EXISTS email text;
