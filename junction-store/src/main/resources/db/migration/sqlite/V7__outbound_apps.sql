-- Outbound webhooks: applications (one per customer of the user) and their endpoints. Endpoints are data,
-- not config: a delivery to one names it as its destination ("ep_..."), and the dispatcher looks it up.
CREATE TABLE apps (
    id          TEXT PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE endpoints (
    id                   TEXT PRIMARY KEY,
    app_id               TEXT NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    url                  TEXT NOT NULL,
    description          TEXT,
    filter_types         TEXT,
    channels             TEXT,
    headers              TEXT NOT NULL,
    rate_limit           INTEGER NOT NULL,
    disabled             INTEGER NOT NULL,
    secret               TEXT NOT NULL,
    previous_secret      TEXT,
    previous_expires_at  BIGINT,
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL
);
CREATE INDEX endpoints_by_app ON endpoints (app_id, id);
