CREATE TABLE effect (event_id text PRIMARY KEY, target text NOT NULL, request_id text NOT NULL);
CREATE TABLE state_change (request_id text PRIMARY KEY);
