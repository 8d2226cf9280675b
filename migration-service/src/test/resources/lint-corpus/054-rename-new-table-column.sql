-- label: safe
CREATE TABLE IF NOT EXISTS labels (id bigint, nam text);
ALTER TABLE labels RENAME COLUMN nam TO name;
