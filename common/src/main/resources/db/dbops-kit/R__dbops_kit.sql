-- Tables of the dbops kit, created in every service's own schema. Repeatable and idempotent, so it
-- never collides with a service's versioned migrations; change it only with IF [NOT] EXISTS forms.

-- Transactional outbox: events written in the transaction of the state change, sent by the relay.
CREATE TABLE IF NOT EXISTS dbops_outbox (
    seq            bigserial PRIMARY KEY,
    event_id       text        NOT NULL UNIQUE,
    topic          text        NOT NULL,
    event_key      text        NOT NULL,
    ce_type        text        NOT NULL,
    ce_source      text        NOT NULL,
    ce_time        timestamptz NOT NULL,
    correlation_id text,
    payload        text        NOT NULL
);

-- Idempotent consumers: the CloudEvents ids each consumer has processed, written with the effect.
CREATE TABLE IF NOT EXISTS dbops_inbox (
    consumer     text        NOT NULL,
    event_id     text        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
CREATE INDEX IF NOT EXISTS dbops_inbox_processed_at ON dbops_inbox (processed_at);

-- Outbox rows Kafka can never accept (larger than the producer's or the broker's limit), parked with the
-- reason instead of blocking every event behind them. An operator inspects them and, once the cause is
-- fixed, moves a row back into dbops_outbox.
CREATE TABLE IF NOT EXISTS dbops_outbox_parked (
    seq            bigint      PRIMARY KEY,
    event_id       text        NOT NULL,
    topic          text        NOT NULL,
    event_key      text        NOT NULL,
    ce_type        text        NOT NULL,
    ce_source      text        NOT NULL,
    ce_time        timestamptz NOT NULL,
    correlation_id text,
    payload        text        NOT NULL,
    reason         text        NOT NULL,
    parked_at      timestamptz NOT NULL DEFAULT now()
);
