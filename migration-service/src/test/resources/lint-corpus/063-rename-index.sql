-- label: safe
ALTER INDEX items_owner_idx RENAME TO items_owner_ix;
