-- The event's type as its source names it (e.g. payment_intent.succeeded), for route filters and search.
-- Null when the event has none: such events are still stored.
ALTER TABLE messages ADD COLUMN event_type TEXT;
-- GET /api/v1/messages?type=... with an exact type (newest first by id)
CREATE INDEX messages_type ON messages (event_type, id);
