package dev.junction.client.housekeeping;

import dev.junction.client.idempotency.IdempotencyStore;
import dev.junction.client.outbox.Outbox;
import dev.junction.client.webhook.WebhookInbox;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what the library's tables no longer need, so that they do not grow forever: idempotency keys past their
 * ttl, webhook ids past their retention, and outbox events sent longer ago than
 * {@link HousekeepingConfig#outboxSentRetention()} (pending and dead events are never deleted). Each purge deletes at
 * most {@link HousekeepingConfig#batchSize()} rows per statement and repeats until a batch comes back short, so no
 * statement holds many locks. A purge that fails is logged (what it did, the exception's class, SQL state and error
 * code, never a value) and the others still run; the next pass tries it again.
 *
 * <p>{@link #runOnce()} runs one pass by hand (tests step it on their own clock); {@link #start()} runs a pass every
 * {@link HousekeepingConfig#interval()} on one daemon thread until {@link #close()}. Several instances of a service
 * may each run one: their deletes of the same rows do not conflict.
 */
public final class Housekeeping implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

    /** The thread's name, as thread dumps show it. */
    public static final String THREAD_NAME = "junction-housekeeping";

    /** What one pass deleted, per table, and which tables' purges failed (their count is what went before the failure). */
    public record Pass(Map<String, Integer> deleted, Set<String> failed) {
        public Pass {
            deleted = Collections.unmodifiableMap(new LinkedHashMap<>(deleted));
            failed = Collections.unmodifiableSet(new LinkedHashSet<>(failed));
        }
    }

    private record Registered(String table, String operation, Purge purge) {}

    private final List<Registered> purges;
    private final HousekeepingConfig config;
    private final Clock clock;
    private ScheduledExecutorService thread;

    private Housekeeping(Builder builder) {
        this.purges = List.copyOf(builder.purges);
        this.config = builder.config;
        this.clock = builder.clock;
    }

    /** A builder with {@link HousekeepingConfig#ofDefaults()}, the system clock and nothing to purge yet. */
    public static Builder builder() {
        return new Builder();
    }

    /** The tables this housekeeping purges, in the order it purges them. */
    public List<String> tables() {
        return purges.stream().map(Registered::table).toList();
    }

    /** The configuration it runs with. */
    public HousekeepingConfig config() {
        return config;
    }

    /** Runs every purge once, each until a batch comes back short; returns what it deleted. */
    public Pass runOnce() {
        Instant now = clock.instant();
        Map<String, Integer> deleted = new LinkedHashMap<>();
        Set<String> failed = new LinkedHashSet<>();
        for (Registered r : purges) {
            int total = 0;
            try {
                int batch;
                do {
                    batch = r.purge().delete(now, config.batchSize());
                    total += batch;
                } while (batch >= config.batchSize() && !Thread.currentThread().isInterrupted());
            } catch (RuntimeException e) {
                failed.add(r.table());
                log.warn("housekeeping could not {} (deleted {} row(s) before): {}", r.operation(), total, describe(e));
            }
            deleted.merge(r.table(), total, Integer::sum);
        }
        return new Pass(deleted, failed);
    }

    /** Runs a pass after {@link HousekeepingConfig#firstPassAfter()}, then every {@link HousekeepingConfig#interval()}. */
    public synchronized void start() {
        if (thread != null) throw new IllegalStateException("housekeeping is already running");
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, THREAD_NAME);
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::scheduledPass, config.firstPassAfter().toMillis(), config.interval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void scheduledPass() {
        try {
            Pass pass = runOnce();
            if (pass.deleted().values().stream().anyMatch(n -> n > 0)) log.info("housekeeping deleted {}", pass.deleted());
        } catch (RuntimeException | Error e) {
            // A periodic task that throws is never run again: keep the schedule whatever happened, an Error included.
            log.warn("housekeeping pass failed, trying again in {}: {}", config.interval(), describe(e));
        }
    }

    /** Stops the thread, interrupting a pass between two batches; a pass by {@link #runOnce()} is not affected. */
    @Override
    public synchronized void close() throws InterruptedException {
        if (thread == null) return;
        thread.shutdownNow();
        thread.awaitTermination(10, TimeUnit.SECONDS);
        thread = null;
    }

    /** The exception's class and, from a database, its SQL state: never its message, which may quote a value. */
    static String describe(Throwable e) {
        String what = e.getClass().getName();
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql) {
                return what + " (" + sql.getClass().getName() + ", SQL state " + sql.getSQLState() + ", error code " + sql.getErrorCode() + ")";
            }
        }
        return what;
    }

    /** Registers the purges and builds a {@link Housekeeping}. */
    public static final class Builder {
        private final List<Registered> purges = new ArrayList<>();
        private HousekeepingConfig config = HousekeepingConfig.ofDefaults();
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        public Builder config(HousekeepingConfig config) { this.config = Objects.requireNonNull(config, "config"); return this; }
        public Builder clock(Clock clock) { this.clock = Objects.requireNonNull(clock, "clock"); return this; }

        /** Deletes keys whose ttl passed ({@code junction_idempotency_keys}). */
        public Builder idempotencyKeys(IdempotencyStore store) {
            return purge("junction_idempotency_keys", "delete expired idempotency keys", store::prune);
        }

        /** Forgets webhook ids whose retention passed ({@code junction_webhook_inbox}). */
        public Builder webhookInbox(WebhookInbox inbox) {
            return purge("junction_webhook_inbox", "forget expired webhook ids", inbox::prune);
        }

        /** Deletes events sent longer ago than the config's {@code outboxSentRetention} ({@code junction_outbox}). */
        public Builder sentOutboxEvents(Outbox outbox) {
            return purge("junction_outbox", "delete sent outbox events", (now, limit) ->
                    outbox.pruneSentBefore(now.minus(config.outboxSentRetention()), limit));
        }

        /**
         * Any other purge, e.g. of the service's own tables.
         *
         * @param table     the table it deletes from, the key of its count in a {@link Pass}
         * @param operation what it does, for the log, e.g. "delete expired sessions"
         */
        public Builder purge(String table, String operation, Purge purge) {
            purges.add(new Registered(Objects.requireNonNull(table, "table"), Objects.requireNonNull(operation, "operation"),
                    Objects.requireNonNull(purge, "purge")));
            return this;
        }

        public Housekeeping build() {
            return new Housekeeping(this);
        }
    }
}
