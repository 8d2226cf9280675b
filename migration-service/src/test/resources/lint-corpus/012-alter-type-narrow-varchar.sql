-- label: unsafe
ALTER TABLE items ALTER COLUMN name TYPE varchar(20);
