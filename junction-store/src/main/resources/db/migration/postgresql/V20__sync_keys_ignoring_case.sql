-- A change whose match key differs from a record's only in case (Ann@Example.com, ann@example.com) is that record's
-- (ADR 0051): found by lower(match_key), which this index serves. lower() is the database's own on both sides of the
-- comparison, so a key is always found the same way on one store.
CREATE INDEX sync_records_key_ignoring_case ON sync_records (sync, lower(match_key));
