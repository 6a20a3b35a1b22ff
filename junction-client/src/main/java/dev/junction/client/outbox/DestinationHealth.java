package dev.junction.client.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the log when sends to a destination start failing and when they succeed again: once each per streak of
 * failures, however many events fail in it, so a failing outbox shows long before its first event is dead (ten
 * attempts take hours) without a line per attempt. Logs the destination and the failure's summary (a status or an
 * error kind), never a body or a header. Per relay: each relay sharing a table says so for what it sent.
 */
final class DestinationHealth {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private record Streak(Instant since, int failures) {}

    private final Map<String, Streak> failing = new ConcurrentHashMap<>();

    /** A send to {@code destination} failed and will be retried. */
    void failed(String destination, String summary, Instant now) {
        Streak streak = failing.merge(destination, new Streak(now, 1), (was, one) -> new Streak(was.since(), was.failures() + 1));
        if (streak.failures() == 1) {
            log.warn("outbox sends to destination '{}' are failing ({}); retrying with backoff. Logged once until one succeeds", destination, summary);
        }
    }

    /** A send to {@code destination} was delivered. */
    void delivered(String destination, Instant now) {
        Streak streak = failing.remove(destination);
        if (streak != null) {
            log.info("outbox sends to destination '{}' succeed again, after {} failed attempt(s) in {}", destination, streak.failures(),
                    Duration.between(streak.since(), now));
        }
    }
}
