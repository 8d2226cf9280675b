CREATE TYPE ticket_priority AS ENUM ('low', 'high');
ALTER TABLE tickets ADD COLUMN priority ticket_priority;
CREATE INDEX CONCURRENTLY tickets_opened ON tickets (opened_at);
