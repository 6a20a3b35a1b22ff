-- The catalogue of outbound event types (POST /api/v1/event-types). json_schema and examples are JSON text as
-- the operator gave them (checked by the gateway before they are stored); revision grows with every change of
-- the definition, so a compiled schema is cached by (name, revision). Names collate "C" (code point order),
-- so a listing pages in the same order as on SQLite.
CREATE TABLE event_types (
    name        TEXT COLLATE "C" PRIMARY KEY,
    description TEXT,
    json_schema TEXT,
    examples    TEXT NOT NULL,
    revision    BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    archived_at BIGINT
);
