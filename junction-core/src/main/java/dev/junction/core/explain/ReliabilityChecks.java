package dev.junction.core.explain;

import static dev.junction.core.explain.Area.RELIABILITY;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.RouteSpec;
import dev.junction.core.config.SourceSpec;
import dev.junction.core.retry.RetryTimeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** Bounded retries with backoff, timeouts within the SLO, a breaker, and pulled data fresh enough. */
final class ReliabilityChecks implements Check {

    /** More attempts than this is as good as unbounded: a receiver that never recovers is hammered for days. */
    static final int MAX_ATTEMPTS = 25;
    /** The self-exam's freshness window: data pulled less often than this is staler than people expect. */
    static final Duration FRESHNESS = Duration.ofMinutes(10);

    static final Rule RETRY = new Rule("retry", RELIABILITY, "Failures are retried, a bounded number of times",
            "Most delivery failures are transient (a deploy, a 503, a timeout): without a retry each becomes a dead letter; "
                    + "with too many, a receiver that is down for good is hammered for days and the dead letter comes too late to act on.",
            "Set retry: { max-attempts: 8 } (2 to " + MAX_ATTEMPTS + "; backoff and jitter are built in) on the destination.");
    static final Rule TIMEOUT_WITHIN_SLO = new Rule("timeout-within-slo", RELIABILITY, "Timeouts are shorter than the route's SLO",
            "A route's SLO says how soon an event must arrive; an attempt allowed to hang longer than that has missed it "
                    + "before it fails, and leaves no time for a retry.",
            "State the route's slo: (e.g. slo: 1m) and keep each destination's timeout well below it (e.g. timeout: 10s).");
    static final Rule BREAKER = new Rule("breaker", RELIABILITY, "A circuit breaker protects a failing receiver",
            "When a receiver is down, every delivery keeps trying it and holds a worker for its whole timeout; a breaker "
                    + "stops trying for a while, so a dead receiver neither slows the others nor is kept down by the load.",
            "Remove breaker: off (the default breaker opens at 50% failures of the last 100 calls), or tune it.");
    static final Rule FRESHNESS_WINDOW = new Rule("freshness", RELIABILITY, "Pulled data is at most 10 minutes old",
            "A pull sees a change only at its next poll: polled less often than every 10 minutes, a booking or record "
                    + "is stale for longer than people expect (a double booking's window is the interval).",
            "Set every: 5m (or less).");

    @Override
    public List<Rule> rules() {
        return List.of(RETRY, TIMEOUT_WITHIN_SLO, BREAKER, FRESHNESS_WINDOW);
    }

    @Override
    public Stream<Finding> apply(Blueprint b) {
        return Stream.of(b.destinations().values().stream().flatMap(ReliabilityChecks::destination), slos(b), freshness(b))
                .flatMap(s -> s);
    }

    private static Stream<Finding> destination(DestinationSpec d) {
        String path = "destinations." + d.name();
        int attempts = d.retry().maxAttempts();
        Finding retry;
        if (attempts == 1) {
            retry = RETRY.fail(d.name(), path + ".retry.max-attempts", "max-attempts: 1, so no failure is retried");
        } else if (attempts > MAX_ATTEMPTS) {
            retry = RETRY.fail(d.name(), path + ".retry.max-attempts", "max-attempts: " + attempts + " is as good as unbounded (more than "
                    + MAX_ATTEMPTS + ")");
        } else {
            RetryTimeline timeline = RetryTimeline.of(d.retry(), d.timeout(), d.guard().deadline());
            retry = RETRY.pass(d.name(), path + ".retry.max-attempts", attempts + " attempts, dead after at most "
                    + DurationText.of(timeline.untilDead()));
        }
        Finding breaker = d.guard().breaker() == null
                ? BREAKER.warn(d.name(), path + ".breaker", "breaker: off")
                : BREAKER.pass(d.name(), path + ".breaker", "opens at " + Math.round(d.guard().breaker().failureRatePercent())
                        + "% failures, for " + DurationText.of(d.guard().breaker().openFor()));
        return Stream.of(retry, breaker);
    }

    private static Stream<Finding> slos(Blueprint b) {
        List<Finding> found = new ArrayList<>();
        IntStream.range(0, b.routes().size()).forEach(i -> {
            RouteSpec route = b.routes().get(i);
            for (String name : route.to()) {
                DestinationSpec d = b.destinations().get(name);
                if (d == null) continue; // a sync's step: no timeout of its own
                String route0 = Blueprint.routePath(i);
                if (route.slo() == null) {
                    found.add(TIMEOUT_WITHIN_SLO.warn(name, route0 + ".slo", "route " + i + " (" + route.from() + " to " + name
                            + ") states no slo, so its timeout " + DurationText.of(d.timeout()) + " cannot be checked"));
                } else if (d.timeout().compareTo(route.slo()) >= 0) {
                    found.add(TIMEOUT_WITHIN_SLO.fail(name, "destinations." + name + ".timeout", "timeout " + DurationText.of(d.timeout())
                            + " is not shorter than route " + i + "'s slo " + DurationText.of(route.slo())));
                } else {
                    found.add(TIMEOUT_WITHIN_SLO.pass(name, "destinations." + name + ".timeout", "timeout " + DurationText.of(d.timeout())
                            + " within route " + i + "'s slo " + DurationText.of(route.slo())));
                }
            }
        });
        return found.stream();
    }

    private static Stream<Finding> freshness(Blueprint b) {
        return b.sources().values().stream().flatMap(s -> {
            Duration every = every(s);
            if (every == null) return Stream.empty(); // a cron schedule: its interval is the author's own choice
            String path = "sources." + s.name() + (s.ical() != null ? ".ical" : ".poll") + ".every";
            return Stream.of(every.compareTo(FRESHNESS) > 0
                    ? FRESHNESS_WINDOW.warn(s.name(), path, "polled every " + DurationText.of(every))
                    : FRESHNESS_WINDOW.pass(s.name(), path, "polled every " + DurationText.of(every)));
        });
    }

    private static Duration every(SourceSpec s) {
        if (s.ical() != null) return s.ical().every();
        return s.poll() != null ? s.poll().every() : null;
    }
}
