-- Idempotency-Key of the service's own API (IdempotencyFilter): the first request claims (client_id, idem_key) and
-- stores its response for retries to replay. fingerprint is the hex SHA-256 of method, path and canonical body.
-- state is IN_FLIGHT (locked_until set) or COMPLETED (status, headers and body set). Times are epoch milliseconds.
CREATE TABLE junction_idempotency_keys (
    client_id    VARCHAR(200) NOT NULL,
    idem_key     VARCHAR(255) NOT NULL,
    fingerprint  CHAR(64) NOT NULL,
    state        VARCHAR(16) NOT NULL,
    status       INTEGER,
    headers      TEXT,
    body         BYTEA,
    locked_until BIGINT,
    expires_at   BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (client_id, idem_key)
);
CREATE INDEX junction_idempotency_keys_expiry ON junction_idempotency_keys (expires_at);
