-- A lookup by dedupe key alone goes through the unique (source, dedupe_key) index, once per stored source
-- (Listings.EVERY_SOURCE). This index on the key alone cost every ingest a second insert at a random place
-- (dedupe keys are random): one more page written per event and commit, on the path that acknowledges (ADR 0038).
DROP INDEX IF EXISTS messages_dedupe;
