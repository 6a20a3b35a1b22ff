-- Webhooks a service received (WebhookInbox): one row per (source, webhook_id) so a provider's redelivery is seen
-- as a duplicate. Rows are pruned once expires_at passes (well after the provider stops retrying).
CREATE TABLE junction_webhook_inbox (
    source       VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    webhook_id   VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    event_type   VARCHAR(200),
    received_at  BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    PRIMARY KEY (source, webhook_id)
) ENGINE=InnoDB;
CREATE INDEX junction_webhook_inbox_expiry ON junction_webhook_inbox (expires_at);
