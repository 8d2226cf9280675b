-- label: safe
-- dbops:phase=contract
-- the application stopped using legacy two releases ago
ALTER TABLE items DROP COLUMN IF EXISTS legacy;
