ALTER TABLE items DROP COLUMN IF EXISTS ${note_column};
