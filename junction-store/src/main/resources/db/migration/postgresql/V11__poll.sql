-- Polled sources (ADR 0021). poll_state: per source the cursor, the validators of the next conditional GET
-- and the generation (polls committed), which each commit expects and moves by one. poll_items: the snapshot
-- of items seen (canonical JSON and its SHA-256), diffed by the next poll. polls: a record of every poll.
-- poll_leases: which node polls a source, until when; a commit lands only while its poller holds the lease.
CREATE TABLE poll_state (
    source          TEXT PRIMARY KEY,
    cursor          TEXT,
    validated_url   TEXT,
    etag            TEXT,
    last_modified   TEXT,
    body_hash       TEXT,
    generation      BIGINT NOT NULL,
    last_success_at BIGINT
);

CREATE TABLE poll_items (
    source       TEXT NOT NULL,
    item_key     TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    item         TEXT NOT NULL,
    PRIMARY KEY (source, item_key)
);

CREATE TABLE polls (
    id          TEXT PRIMARY KEY,
    source      TEXT NOT NULL,
    node        TEXT,
    started_at  BIGINT NOT NULL,
    duration_ms BIGINT NOT NULL,
    status      INTEGER,
    error       TEXT,
    pages       INTEGER NOT NULL,
    items       INTEGER NOT NULL,
    changes     INTEGER NOT NULL,
    outcome     TEXT NOT NULL
);
CREATE INDEX polls_source ON polls (source, id);

CREATE TABLE poll_leases (
    source      TEXT PRIMARY KEY,
    owner       TEXT NOT NULL,
    lease_until BIGINT NOT NULL
);
