-- Deciding sync reviews (issue 16): who set the agreed value a review item shows, and the audit of its decision
-- (decision: agreed, proposed, edited, or superseded when another item of the same field decided it; decided_by:
-- the API key's name; decided_value: the value the field took, as JSON).
ALTER TABLE sync_reviews ADD COLUMN agreed_system TEXT;
ALTER TABLE sync_reviews ADD COLUMN decided_by TEXT;
ALTER TABLE sync_reviews ADD COLUMN decided_value TEXT;
CREATE INDEX sync_reviews_record ON sync_reviews (sync, match_key, field);
