-- Kill switches: a paused destination or source keeps its deliveries PENDING on every node.
CREATE TABLE paused (
    kind      TEXT NOT NULL,
    name      TEXT NOT NULL,
    paused_at BIGINT NOT NULL,
    reason    TEXT,
    PRIMARY KEY (kind, name)
);
