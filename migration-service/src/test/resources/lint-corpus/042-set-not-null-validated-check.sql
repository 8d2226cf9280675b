-- label: safe
ALTER TABLE items ALTER COLUMN qty SET NOT NULL;
