-- label: safe
CREATE TABLE IF NOT EXISTS tags (id bigint PRIMARY KEY, item_id bigint, label text);
CREATE INDEX IF NOT EXISTS tags_item_idx ON tags (item_id);
ALTER TABLE tags ADD CONSTRAINT tags_item_fk FOREIGN KEY (item_id) REFERENCES items (id) NOT VALID;
