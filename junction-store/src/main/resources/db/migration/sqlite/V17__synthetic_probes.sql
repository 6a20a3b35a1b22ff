-- Synthetic probes (issue 18, ADR 0030): per probe when its next canary is due, which node runs the current one
-- and until when (its lease: a node that dies mid-run is taken over once it passes), the canary in flight
-- (canary_id, message_id, sent_at; null between runs) and the last run's result (outcome: delivered, late,
-- rejected, unrouted, dead; e2e_ms from the send to the last destination's 2xx).
CREATE TABLE synthetic_probes (
    probe            TEXT PRIMARY KEY,
    next_run_at      INTEGER NOT NULL,
    owner            TEXT,
    lease_until      INTEGER,
    canary_id        TEXT,
    message_id       TEXT,
    sent_at          INTEGER,
    last_outcome     TEXT,
    last_detail      TEXT,
    last_e2e_ms      INTEGER,
    last_finished_at INTEGER,
    last_success_at  INTEGER,
    runs             INTEGER NOT NULL DEFAULT 0,
    failures         INTEGER NOT NULL DEFAULT 0
);
