CREATE TABLE messages (
    id           TEXT PRIMARY KEY,
    source       TEXT NOT NULL,
    dedupe_key   TEXT NOT NULL,
    received_at  BIGINT NOT NULL,
    content_type TEXT,
    headers      TEXT NOT NULL,
    body         BYTEA NOT NULL,
    trace_id     TEXT,
    UNIQUE (source, dedupe_key)
);
CREATE INDEX messages_received ON messages (received_at);

CREATE TABLE deliveries (
    id              TEXT PRIMARY KEY,
    message_id      TEXT NOT NULL REFERENCES messages (id),
    source          TEXT NOT NULL,
    destination     TEXT NOT NULL,
    state           TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    lease_owner     TEXT,
    lease_until     BIGINT,
    last_error      TEXT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE state = 'PENDING';
CREATE INDEX deliveries_leased ON deliveries (lease_until) WHERE state = 'IN_FLIGHT';
CREATE INDEX deliveries_dead ON deliveries (destination, id) WHERE state = 'DEAD';
CREATE INDEX deliveries_message ON deliveries (message_id);

CREATE TABLE attempts (
    delivery_id      TEXT NOT NULL REFERENCES deliveries (id),
    number           INTEGER NOT NULL,
    started_at       BIGINT NOT NULL,
    duration_ms      BIGINT NOT NULL,
    outcome          TEXT NOT NULL,
    status           INTEGER,
    error            TEXT,
    response_excerpt TEXT,
    PRIMARY KEY (delivery_id, number)
);
