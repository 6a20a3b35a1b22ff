-- Transactional outbox (Outbox, OutboxRelay): events written in the service's own transaction, sent after commit.
-- seq orders them (FIFO per ordering_key); id (a UUIDv7) is the Idempotency-Key every send of the event carries.
-- state: PENDING (due at next_attempt_at; being sent while locked_until is ahead), SENT, DEAD (replayable).
CREATE TABLE junction_outbox (
    seq             BIGSERIAL PRIMARY KEY,
    id              VARCHAR(36) NOT NULL,
    destination     VARCHAR(200) NOT NULL,
    ordering_key    VARCHAR(200),
    event_type      VARCHAR(200) NOT NULL,
    payload         BYTEA NOT NULL,
    state           VARCHAR(16) NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    locked_until    BIGINT,
    locked_by       VARCHAR(100),
    last_error      VARCHAR(500),
    created_at      BIGINT NOT NULL,
    sent_at         BIGINT
);
CREATE UNIQUE INDEX junction_outbox_id ON junction_outbox (id);
CREATE INDEX junction_outbox_due ON junction_outbox (state, next_attempt_at);
CREATE INDEX junction_outbox_ordering ON junction_outbox (ordering_key, state, seq);
