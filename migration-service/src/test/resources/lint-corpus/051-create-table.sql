-- label: safe
CREATE TABLE IF NOT EXISTS tags (id bigint PRIMARY KEY, label text NOT NULL);
