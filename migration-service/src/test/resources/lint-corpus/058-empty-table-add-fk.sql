-- label: safe
ALTER TABLE drafts ADD CONSTRAINT drafts_owner_fk FOREIGN KEY (owner_id) REFERENCES owners (id);
