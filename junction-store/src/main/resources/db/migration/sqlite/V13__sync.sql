-- Two-way syncs (ADR 0027). sync_records: per sync and match key the agreed state (a JSON document the engine
-- owns) and a version each step's commit expects and moves by one. sync_links: the crosswalk, each system's id
-- for the record (null while a create's outcome is unknown: create_pending = 1). sync_reviews: edits held for a person.
CREATE TABLE sync_records (
    sync       TEXT NOT NULL,
    match_key  TEXT NOT NULL,
    version    INTEGER NOT NULL,
    state      TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (sync, match_key)
);

CREATE TABLE sync_links (
    sync           TEXT NOT NULL,
    match_key      TEXT NOT NULL,
    system         TEXT NOT NULL,
    system_id      TEXT,
    create_pending INTEGER NOT NULL,
    PRIMARY KEY (sync, match_key, system)
);
CREATE UNIQUE INDEX sync_links_system_id ON sync_links (sync, system, system_id);

CREATE TABLE sync_reviews (
    id          TEXT PRIMARY KEY,
    sync        TEXT NOT NULL,
    match_key   TEXT NOT NULL,
    field       TEXT NOT NULL,
    agreed      TEXT,
    proposed    TEXT,
    from_system TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    decided_at  INTEGER,
    decision    TEXT
);
CREATE INDEX sync_reviews_sync ON sync_reviews (sync, decided_at, created_at);
