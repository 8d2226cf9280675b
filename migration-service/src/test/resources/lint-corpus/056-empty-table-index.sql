-- label: safe
CREATE INDEX IF NOT EXISTS drafts_owner_idx ON drafts (owner_id);
