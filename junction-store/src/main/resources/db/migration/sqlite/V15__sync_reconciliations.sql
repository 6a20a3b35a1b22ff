-- Reconciliations of two-way syncs (ADR 0028): one row per run, its counts and its report (a JSON document the
-- engine owns: what differed, per record and system, and what was done about it). The latest of a sync is shown by
-- the admin API and 'junction reconcile'.
CREATE TABLE sync_reconciliations (
    id          TEXT PRIMARY KEY,
    sync        TEXT NOT NULL,
    node        TEXT NOT NULL,
    started_at  INTEGER NOT NULL,
    finished_at INTEGER NOT NULL,
    records     INTEGER NOT NULL,
    consistent  INTEGER NOT NULL,
    report      TEXT NOT NULL
);
CREATE INDEX sync_reconciliations_sync ON sync_reconciliations (sync, started_at);
