-- Keys of the admin API. Only the SHA-256 of a key is kept (keys are 256-bit random tokens, so a fast
-- hash is enough: see docs/adr/0006-api-keys.md); the prefix lets an operator recognise one in a list.
CREATE TABLE api_keys (
    name         TEXT PRIMARY KEY,
    key_hash     TEXT NOT NULL UNIQUE,
    key_prefix   TEXT NOT NULL,
    role         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
