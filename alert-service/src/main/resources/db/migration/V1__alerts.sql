-- alert-service's state, in schema alert. Alerts are keyed by fingerprint (target plus rule); every
-- notification is a persisted delivery written in the transaction that consumed its event.

CREATE TABLE alert (
    fingerprint     text PRIMARY KEY,
    target          text        NOT NULL,
    rule            text        NOT NULL,
    severity        text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('firing', 'resolved')),
    labels          jsonb       NOT NULL,
    summary         text        NOT NULL,
    description     text,
    runbook_url     text,
    details         jsonb       NOT NULL,
    starts_at       timestamptz NOT NULL,
    ends_at         timestamptz,
    resolve_after   timestamptz,
    updated_at      timestamptz NOT NULL,
    last_event_id   text        NOT NULL,
    last_event_time timestamptz NOT NULL
);
CREATE INDEX alert_firing_by_target ON alert (target) WHERE status = 'firing';
CREATE INDEX alert_resolve_after ON alert (resolve_after) WHERE status = 'firing' AND resolve_after IS NOT NULL;

-- Every change of every alert, for the history operators query.
CREATE TABLE alert_change (
    seq         bigserial PRIMARY KEY,
    fingerprint text        NOT NULL,
    status      text        NOT NULL,
    severity    text        NOT NULL,
    summary     text        NOT NULL,
    event_id    text,
    event_type  text,
    at          timestamptz NOT NULL
);
CREATE INDEX alert_change_by_fingerprint ON alert_change (fingerprint, seq);

-- Aggregation groups: one receiver, one route, one set of group label values.
CREATE TABLE alert_group (
    id                 bigserial PRIMARY KEY,
    group_key          text        NOT NULL UNIQUE,
    receiver           text        NOT NULL,
    route_id           text        NOT NULL,
    group_labels       jsonb       NOT NULL,
    group_wait_ms      bigint      NOT NULL,
    group_interval_ms  bigint      NOT NULL,
    repeat_interval_ms bigint      NOT NULL,
    created_at         timestamptz NOT NULL,
    last_notified_at   timestamptz,
    last_firing        text[]      NOT NULL DEFAULT '{}'
);

CREATE TABLE group_member (
    group_id    bigint  NOT NULL REFERENCES alert_group (id),
    fingerprint text    NOT NULL REFERENCES alert (fingerprint),
    firing      boolean NOT NULL,
    PRIMARY KEY (group_id, fingerprint)
);
CREATE INDEX group_member_by_fingerprint ON group_member (fingerprint);

-- A notification to one receiver. pending: waiting for its group's flush, rendered when claimed;
-- sending: claimed by a worker until lease_until; retry: rendered, waiting for not_before;
-- delivered (accepted by the receiver, never sent again), failed (retry budget spent), skipped (nothing to say).
CREATE TABLE delivery (
    id            uuid PRIMARY KEY,
    group_id      bigint      NOT NULL REFERENCES alert_group (id),
    receiver      text        NOT NULL,
    status        text        NOT NULL CHECK (status IN ('pending', 'sending', 'retry', 'delivered', 'failed', 'skipped')),
    not_before    timestamptz NOT NULL,
    lease_until   timestamptz,
    attempts      integer     NOT NULL DEFAULT 0,
    notification  jsonb,
    fingerprints  text[]      NOT NULL DEFAULT '{}',
    last_error    text,
    fallback_of   uuid,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    delivered_at  timestamptz
);
CREATE UNIQUE INDEX delivery_one_pending_per_group ON delivery (group_id) WHERE status = 'pending';
CREATE INDEX delivery_due ON delivery (receiver, not_before) WHERE status IN ('pending', 'retry', 'sending');
CREATE INDEX delivery_by_fingerprint ON delivery USING gin (fingerprints);

CREATE TABLE silence (
    id          uuid PRIMARY KEY,
    matchers    jsonb       NOT NULL,
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL,
    created_by  text        NOT NULL,
    comment     text        NOT NULL,
    created_at  timestamptz NOT NULL,
    -- set once the end has been acted upon (groups of still-firing alerts flushed)
    released    boolean     NOT NULL DEFAULT false
);

-- A migration running on a target; its expected alerts are held until hold_until.
CREATE TABLE migration_window (
    target      text PRIMARY KEY,
    request_id  text        NOT NULL,
    started_at  timestamptz NOT NULL,
    hold_until  timestamptz NOT NULL,
    closed      boolean     NOT NULL DEFAULT false
);
