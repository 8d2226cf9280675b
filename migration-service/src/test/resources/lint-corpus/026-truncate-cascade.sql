-- label: unsafe
-- breaks: SELECT EXISTS (SELECT 1 FROM events)
TRUNCATE events CASCADE;
