package dev.junction.engine.synthetic;

import dev.junction.core.model.DeliveryState;
import dev.junction.store.DeliveryView;
import dev.junction.store.SyntheticResult;
import dev.junction.store.SyntheticResult.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Judges a canary by its deliveries as the store has them: arrived once every destination answered 2xx (end to end =
 * from the send to the last success the store recorded), dead as soon as one delivery died, late once the SLA passed
 * with any still on its way, unrouted when no route took it. Reading the store, not this node's dispatcher, means the
 * verdict holds whichever node delivered.
 */
final class Verdict {

    private Verdict() {}

    /** The canary's result, or empty while it may still arrive in time. */
    static Optional<SyntheticResult> of(List<DeliveryView> deliveries, Instant sentAt, Duration sla, Instant now) {
        if (deliveries.isEmpty()) return Optional.of(new SyntheticResult(Outcome.UNROUTED, null, "no route took the canary", now));
        List<String> dead = deliveries.stream().filter(d -> d.state() == DeliveryState.DEAD).map(DeliveryView::destination).toList();
        if (!dead.isEmpty()) return Optional.of(new SyntheticResult(Outcome.DEAD, null, "its delivery to " + String.join(", ", dead) + " died", now));
        List<String> missing = deliveries.stream().filter(d -> d.state() != DeliveryState.SUCCEEDED).map(DeliveryView::destination).toList();
        if (missing.isEmpty()) {
            Instant arrived = deliveries.stream().map(DeliveryView::updatedAt).max(Instant::compareTo).orElseThrow();
            Duration e2e = Duration.between(sentAt, arrived);
            if (e2e.isNegative()) e2e = Duration.ZERO; // another node's clock a little behind
            return Optional.of(e2e.compareTo(sla) <= 0
                    ? new SyntheticResult(Outcome.DELIVERED, e2e, null, now)
                    : new SyntheticResult(Outcome.LATE, e2e, "arrived after " + e2e.toMillis() + " ms, over its SLA", now));
        }
        if (now.isBefore(sentAt.plus(sla))) return Optional.empty();
        return Optional.of(new SyntheticResult(Outcome.LATE, null, "not delivered to " + String.join(", ", missing) + " within its SLA", now));
    }

    /** The destinations a failed result names, for the alert. */
    static List<String> missing(List<DeliveryView> deliveries) {
        return deliveries.stream().filter(d -> d.state() != DeliveryState.SUCCEEDED).map(DeliveryView::destination).toList();
    }
}
