-- no scan: the validated CHECK proves there is no NULL (PostgreSQL 12+)
ALTER TABLE items ALTER COLUMN owner_id SET NOT NULL;
