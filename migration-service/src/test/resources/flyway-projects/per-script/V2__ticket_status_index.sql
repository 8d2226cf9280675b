CREATE INDEX CONCURRENTLY tickets_status ON tickets (status);
