-- label: unsafe
ALTER TABLE events ALTER COLUMN kind TYPE varchar(10) USING kind::varchar(10);
