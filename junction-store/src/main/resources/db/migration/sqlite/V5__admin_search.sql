-- The admin API's listings and the dashboard. Each index serves one query without touching the hot path's
-- writes much: none is on a column that a delivery's state change updates.
-- GET /api/v1/messages?source=... (newest first by id)
CREATE INDEX messages_source ON messages (source, id);
-- GET /api/v1/messages?dedupe_key=... without a source (the unique key leads with source)
CREATE INDEX messages_dedupe ON messages (dedupe_key);
-- GET /api/v1/deliveries?destination=... (newest first by id)
CREATE INDEX deliveries_destination ON deliveries (destination, id);
-- GET /api/v1/stats: attempts of the last minutes
CREATE INDEX attempts_started ON attempts (started_at);
