-- Idempotency-Key of the admin API's POSTs: the first request claims (scope, key) and stores its response
-- for retries to replay. scope is the API key's name, the method and the route; fingerprint is the hex
-- SHA-256 of the canonical request. state is IN_FLIGHT (locked_until set) or COMPLETED (status and body set).
CREATE TABLE idempotency_keys (
    scope        TEXT NOT NULL,
    idem_key     TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    state        TEXT NOT NULL,
    status       INTEGER,
    content_type TEXT,
    body         BYTEA,
    locked_until BIGINT,
    expires_at   BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (scope, idem_key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
