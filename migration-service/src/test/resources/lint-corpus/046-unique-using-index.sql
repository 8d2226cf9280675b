-- label: safe
ALTER TABLE items ADD CONSTRAINT items_name_key UNIQUE USING INDEX items_name_uidx;
