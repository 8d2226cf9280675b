-- label: safe
CREATE TABLE IF NOT EXISTS labels (id bigint, name text);
ALTER TABLE labels ALTER COLUMN name SET NOT NULL;
ALTER TABLE labels ADD CONSTRAINT labels_name_len CHECK (length(name) < 100);
ALTER TABLE labels ADD PRIMARY KEY (id);
