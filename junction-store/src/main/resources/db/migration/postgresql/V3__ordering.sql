-- Optional per-route ordering: FIFO per key and destination, at most one delivery of a key in flight.
ALTER TABLE deliveries ADD COLUMN ordering_key TEXT;
-- 1 when a dead delivery should not block the rest of its key (route option on-dead: skip).
ALTER TABLE deliveries ADD COLUMN ordering_skip_dead INTEGER NOT NULL DEFAULT 0;
CREATE INDEX deliveries_ordering ON deliveries (destination, ordering_key, id) WHERE ordering_key IS NOT NULL;
