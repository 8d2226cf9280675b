-- the unsafe form: blocks every write for the whole build
CREATE INDEX items_owner ON items (owner_id);
