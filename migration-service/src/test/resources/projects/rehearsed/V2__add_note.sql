ALTER TABLE items ADD COLUMN IF NOT EXISTS ${note_column} text;
