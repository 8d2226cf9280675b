-- label: unsafe
CREATE UNIQUE INDEX items_id_name_idx ON items (id, name);
