package dev.junction.client.outbox;

import dev.junction.core.retry.OutcomeClass;
import dev.junction.core.retry.RetryAfter;
import dev.junction.core.retry.RetrySchedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends committed outbox events: takes a batch under a lease ({@link OutboxClaims}), sends each in order, and records
 * it sent, due again after a full-jitter backoff, or dead. Any number of relays may share a table. Delivery is at
 * least once: a relay that dies after a send and before recording it leaves the event to be sent again once its
 * lease passes, with the same {@code Idempotency-Key}, so the receiver can tell. A retry waits at least as long as
 * the receiver's {@code Retry-After} asks (up to the policy's max delay). When sends to a destination start failing,
 * and when they succeed again, it logs one line each ({@link DestinationHealth}). {@link #runOnce()} steps it by hand
 * (tests); {@link #start()} runs it on its own thread until {@link #close()}.
 */
public final class OutboxRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final OutboxClaims claims;
    private final OutboxSender sender;
    private final RelayConfig config;
    private final Clock clock;
    private final RetrySchedule schedule;
    private final String name;
    private final OutboxMetrics metrics;
    private final DestinationHealth health = new DestinationHealth();
    private ScheduledExecutorService thread;

    /** A relay over {@code outbox}'s table; {@code random} makes the backoff's jitter. */
    public OutboxRelay(Outbox outbox, OutboxSender sender, RelayConfig config, RandomGenerator random) {
        this(outbox, sender, config, random, OutboxMetrics.NONE);
    }

    /** As above, reporting each send to {@code metrics}. */
    public OutboxRelay(Outbox outbox, OutboxSender sender, RelayConfig config, RandomGenerator random, OutboxMetrics metrics) {
        this.claims = new OutboxClaims(outbox.transactions());
        this.sender = sender;
        this.config = config;
        this.clock = outbox.clock();
        this.schedule = new RetrySchedule(config.retry(), random);
        this.name = "relay-" + UUID.randomUUID();
        this.metrics = metrics;
    }

    /**
     * Takes one batch of due events and sends it; returns how many events it took. A batch whose sends outlast half
     * the lease has the lease of its unsent events renewed before the next send, and skips those another relay took
     * over in the meantime: without it, a batch of slow sends would be sent again by the relay that took its tail.
     */
    public int runOnce() {
        long lease = config.lease().toMillis();
        long leaseUntil = clock.millis() + lease;
        List<OutboxClaims.Claimed> batch = claims.claim(name, clock.millis(), leaseUntil, config.batchSize());
        java.util.Set<Long> ours = null; // null: every unsent event of the batch is still this relay's
        for (int i = 0; i < batch.size(); i++) {
            if (Thread.currentThread().isInterrupted()) break; // the rest of the batch goes to whoever takes it after the lease
            long now = clock.millis();
            if (now >= leaseUntil - lease / 2) {
                leaseUntil = now + lease;
                ours = claims.renew(name, batch.subList(i, batch.size()), leaseUntil);
            }
            OutboxClaims.Claimed claimed = batch.get(i);
            if (ours == null || ours.contains(claimed.seq())) send(claimed);
        }
        return batch.size();
    }

    private void send(OutboxClaims.Claimed claimed) {
        OutboxMessage message = claimed.message();
        Instant start = clock.instant();
        OutboxAttempt result;
        try {
            result = sender.attempt(message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            result = OutboxAttempt.failed(e);
        }
        Instant end = clock.instant();
        metrics.attempt(message.destination(), result.outcome(), Duration.between(start, end));
        int attempts = message.attempts() + 1;
        if (result.outcome() == OutcomeClass.SUCCESS) {
            claims.sent(claimed.seq(), name, end.toEpochMilli());
            health.delivered(message.destination(), end);
        } else if (result.outcome() == OutcomeClass.PERMANENT || !schedule.mayRetry(attempts)) {
            String why = result.outcome() == OutcomeClass.PERMANENT ? "(permanent)" : "after " + attempts + " attempts";
            log.warn("outbox event {} ({}) to destination '{}' is dead: {} {}", message.id(), message.type(), message.destination(),
                    result.summary(), why);
            claims.dead(claimed.seq(), name, result.stored(why));
        } else {
            long next = end.toEpochMilli() + schedule.delayBefore(attempts, RetryAfter.parse(result.retryAfter(), end)).toMillis();
            claims.retryAt(claimed.seq(), name, next, result.stored(""));
            health.failed(message.destination(), result.summary(), end);
        }
    }

    /** Runs the relay on its own thread: batches back to back while there is work, then a rest of the poll interval. */
    public synchronized void start() {
        if (thread != null) throw new IllegalStateException("the relay is already running");
        thread = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "junction-outbox-" + name));
        thread.scheduleWithFixedDelay(this::drain, 0, config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void drain() {
        try {
            while (!Thread.currentThread().isInterrupted() && runOnce() == config.batchSize()) {
                // a full batch: there may be more due at once
            }
        } catch (RuntimeException e) {
            log.warn("outbox relay pass failed, trying again in {}: {}", config.pollInterval(), e.getMessage());
        } catch (Error e) {
            // A periodic task that throws is never run again, silently: an Error (e.g. from a sender) would end relaying.
            log.error("outbox relay pass failed, trying again in {}", config.pollInterval(), e);
        }
    }

    /** Stops the relay's thread; events it had taken but not sent are taken over after their lease. */
    @Override
    public synchronized void close() throws InterruptedException {
        if (thread == null) return;
        thread.shutdownNow();
        thread.awaitTermination(config.lease().toMillis(), TimeUnit.MILLISECONDS);
        thread = null;
    }
}
