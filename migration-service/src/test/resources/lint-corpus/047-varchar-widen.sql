-- label: safe
ALTER TABLE items ALTER COLUMN name TYPE varchar(200);
