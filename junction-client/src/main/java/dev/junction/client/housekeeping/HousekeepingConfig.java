package dev.junction.client.housekeeping;

import java.time.Duration;

/**
 * How {@link Housekeeping} runs: immutable, built by {@link #custom()}; {@link #ofDefaults()} runs a pass every hour,
 * the first one minute after the start, deletes 500 rows per statement, and keeps sent outbox events 7 days.
 *
 * @param interval            the time between the end of one pass and the start of the next
 * @param firstPassAfter      the time from {@link Housekeeping#start()} to the first pass (short, so that a service
 *                            deployed more often than {@code interval} still cleans up)
 * @param batchSize           the most rows one delete statement removes; a purge repeats until a batch comes back short
 * @param outboxSentRetention how long a sent outbox event is kept (for inspection) before it is deleted
 */
public record HousekeepingConfig(Duration interval, Duration firstPassAfter, int batchSize, Duration outboxSentRetention) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);
    public static final Duration DEFAULT_FIRST_PASS_AFTER = Duration.ofMinutes(1);
    /** Small enough that one statement holds its locks briefly, large enough that a backlog goes in few round trips. */
    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final Duration DEFAULT_OUTBOX_SENT_RETENTION = Duration.ofDays(7);

    public HousekeepingConfig {
        if (interval.isZero() || interval.isNegative()) throw new IllegalArgumentException("interval must be positive, but was " + interval);
        if (firstPassAfter.isNegative()) throw new IllegalArgumentException("firstPassAfter must not be negative, but was " + firstPassAfter);
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be at least 1, but was " + batchSize);
        if (outboxSentRetention.isNegative()) {
            throw new IllegalArgumentException("outboxSentRetention must not be negative, but was " + outboxSentRetention);
        }
    }

    /** The defaults. */
    public static HousekeepingConfig ofDefaults() {
        return custom().build();
    }

    /** A builder starting from the defaults. */
    public static Builder custom() {
        return new Builder();
    }

    /** Builds a {@link HousekeepingConfig}. */
    public static final class Builder {
        private Duration interval = DEFAULT_INTERVAL;
        private Duration firstPassAfter = DEFAULT_FIRST_PASS_AFTER;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Duration outboxSentRetention = DEFAULT_OUTBOX_SENT_RETENTION;

        private Builder() {}

        public Builder interval(Duration interval) { this.interval = interval; return this; }
        public Builder firstPassAfter(Duration firstPassAfter) { this.firstPassAfter = firstPassAfter; return this; }
        public Builder batchSize(int batchSize) { this.batchSize = batchSize; return this; }
        public Builder outboxSentRetention(Duration retention) { this.outboxSentRetention = retention; return this; }

        public HousekeepingConfig build() {
            return new HousekeepingConfig(interval, firstPassAfter, batchSize, outboxSentRetention);
        }
    }
}
