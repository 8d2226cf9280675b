-- label: safe
GRANT SELECT ON items TO PUBLIC;
