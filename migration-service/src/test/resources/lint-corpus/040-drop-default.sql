-- label: safe
ALTER TABLE items ALTER COLUMN created_at DROP DEFAULT;
