-- PagerDuty change events (a migration applied or rolled back), one row per PagerDuty receiver, written in
-- the intake's transaction with the event that caused it and sent by ChangeEventSender until accepted.
-- The routing key is added when sending, never stored.
CREATE TABLE pagerduty_change (
    id           uuid PRIMARY KEY,
    receiver     text        NOT NULL,
    body         jsonb       NOT NULL,
    status       text        NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts     integer     NOT NULL DEFAULT 0,
    not_before   timestamptz NOT NULL,
    last_error   text,
    created_at   timestamptz NOT NULL,
    delivered_at timestamptz
);
CREATE INDEX pagerduty_change_due ON pagerduty_change (not_before) WHERE status = 'pending';
