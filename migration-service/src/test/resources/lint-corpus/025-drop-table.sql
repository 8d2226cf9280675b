-- label: unsafe
-- breaks: SELECT EXISTS (SELECT 1 FROM events)
DROP TABLE events;
