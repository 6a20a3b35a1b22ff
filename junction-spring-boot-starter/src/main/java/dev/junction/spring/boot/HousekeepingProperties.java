package dev.junction.spring.boot;

import dev.junction.client.housekeeping.HousekeepingConfig;
import java.time.Duration;

/** {@code junction.client.housekeeping.*}: the deletion of expired keys, expired webhook ids and old sent events. */
public class HousekeepingProperties {

    /** Whether housekeeping runs (when there is an idempotency store, a webhook inbox or an outbox). */
    private boolean enabled = true;
    /** The time between two passes. */
    private Duration interval = HousekeepingConfig.DEFAULT_INTERVAL;
    /** The time from the start to the first pass. */
    private Duration firstPassAfter = HousekeepingConfig.DEFAULT_FIRST_PASS_AFTER;
    /** The most rows one delete statement removes. */
    private int batchSize = HousekeepingConfig.DEFAULT_BATCH_SIZE;
    /** How long a sent outbox event is kept before it is deleted. */
    private Duration outboxSentRetention = HousekeepingConfig.DEFAULT_OUTBOX_SENT_RETENTION;

    HousekeepingConfig toConfig() {
        return new HousekeepingConfig(interval, firstPassAfter, batchSize, outboxSentRetention);
    }

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public Duration getInterval() { return interval; }
    public void setInterval(Duration interval) { this.interval = Props.positive("junction.client.housekeeping.interval", interval); }
    public Duration getFirstPassAfter() { return firstPassAfter; }
    public void setFirstPassAfter(Duration firstPassAfter) { this.firstPassAfter = Props.notNegative("junction.client.housekeeping.first-pass-after", firstPassAfter); }
    public int getBatchSize() { return batchSize; }
    public void setBatchSize(int batchSize) { this.batchSize = Props.atLeast("junction.client.housekeeping.batch-size", batchSize, 1); }
    public Duration getOutboxSentRetention() { return outboxSentRetention; }
    public void setOutboxSentRetention(Duration outboxSentRetention) { this.outboxSentRetention = Props.notNegative("junction.client.housekeeping.outbox-sent-retention", outboxSentRetention); }
}
