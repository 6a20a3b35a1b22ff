-- A match key is also found whatever spaces surround it (' ann@example.com ' is ann@example.com's record, ADR 0051):
-- V20's index on lower(match_key) gives way to one on lower(trim(match_key)), the comparison's own expression.
DROP INDEX IF EXISTS sync_records_key_ignoring_case;
CREATE INDEX sync_records_key_folded ON sync_records (sync, lower(trim(match_key)));
