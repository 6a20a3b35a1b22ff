package dev.junction.engine.deliver;

import dev.junction.core.retry.RetryPolicy;
import dev.junction.core.retry.RetrySchedule;
import dev.junction.engine.alert.Alert;
import dev.junction.engine.alert.Alerter;
import dev.junction.engine.observe.PipelineMetrics;
import dev.junction.store.ClaimedDelivery;
import dev.junction.store.Completion;
import dev.junction.store.DeliveryQueue;
import dev.junction.store.Pause;
import dev.junction.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import dev.junction.core.model.Ids;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One attempt at one delivery, from send to record: send it with its kind's {@link Sender}, judge the
 * result, tell the guard, record the attempt and the delivery's next state, and raise what an operator
 * must hear (dead letters, auto-disabled destinations).
 */
final class DeliveryRun {

    private static final Logger log = LoggerFactory.getLogger(DeliveryRun.class);

    private final Sender sender;
    private final DeliveryQueue queue;
    private final String owner;
    private final Clock clock;
    private final RandomGenerator random;
    private final Waiter waiter;
    private final PauseCache pauses;
    /** Deliveries being sent now: their leases are renewed while they are. */
    private final Set<String> sending;
    private final DeliveryCounters counters;
    private final Alerter alerter;
    private final Supplier<PipelineMetrics> metrics;
    private volatile OperationalEvents operational = OperationalEvents.NONE;
    private final BatchRun batches;
    private volatile boolean stopping;

    DeliveryRun(Sender sender, DeliveryQueue queue, String owner, Clock clock, RandomGenerator random, Waiter waiter,
                PauseCache pauses, Set<String> sending, DeliveryCounters counters, Alerter alerter, Supplier<PipelineMetrics> metrics) {
        this.sender = sender;
        this.queue = queue;
        this.owner = owner;
        this.clock = clock;
        this.random = random;
        this.waiter = waiter;
        this.pauses = pauses;
        this.sending = sending;
        this.counters = counters;
        this.alerter = alerter;
        this.metrics = metrics;
        this.batches = new BatchRun(this, sender, queue, owner, clock, new Ids(clock, random), sending, metrics);
    }

    void operational(OperationalEvents operational) {
        this.operational = operational;
    }

    /**
     * Makes the attempt and records it. {@code destination} is null when the delivery's destination is no
     * longer configured; {@code slotFreed} runs as soon as the call is over, before the attempt is recorded,
     * so the destination's next waiting delivery goes meanwhile.
     */
    void deliver(ClaimedDelivery delivery, DestinationRuntime destination, Runnable slotFreed) {
        // Every log line about this delivery carries its ids (JSON logs show them as fields).
        try (var d = MDC.putCloseable("delivery_id", delivery.id());
             var m = MDC.putCloseable("message_id", delivery.message().id());
             var t = MDC.putCloseable("trace_id", delivery.message().traceId());
             var n = MDC.putCloseable("destination", delivery.destination())) {
            if (destination == null) {
                notConfigured(delivery);
            } else {
                attempt(delivery, destination, slotFreed);
            }
        }
    }

    /** One attempt at a batch of deliveries to a batch destination, as one request (ADR 0026). */
    void deliverBatch(List<ClaimedDelivery> batch, DestinationRuntime destination, Runnable slotFreed) {
        try (var n = MDC.putCloseable("destination", destination.name())) {
            batches.deliver(batch, destination, slotFreed);
        }
    }

    /** Kept visible and replayable rather than silently dropped: the operator removed the destination. */
    private void notConfigured(ClaimedDelivery delivery) {
        Instant now = clock.instant();
        String name = delivery.destination();
        SendResult result = SendResult.failure(new IllegalArgumentException(name.startsWith(Dispatcher.ENDPOINT_PREFIX)
                ? "endpoint '" + name + "' no longer exists"
                : "destination '" + name + "' is not configured (no node that has it took this delivery within "
                        + Lanes.ORPHANED.toMinutes() + " minutes)"));
        finish(delivery, null, AttemptJudge.judge(delivery.id(), delivery.attemptsMade() + 1, now, now, result,
                new RetrySchedule(RetryPolicy.DEFAULT, random)));
    }

    private void attempt(ClaimedDelivery delivery, DestinationRuntime destination, Runnable slotFreed) {
        Instant started = clock.instant();
        SendResult result;
        sending.add(delivery.id());
        try {
            result = sender.send(delivery, destination.spec()); // returns failures as results, never throws
        } finally {
            sending.remove(delivery.id());
        }
        Instant finished = clock.instant();
        Duration took = Duration.between(started, finished);
        AttemptJudge.Verdict verdict = AttemptJudge.judge(delivery.id(), delivery.attemptsMade() + 1, started, finished, result,
                destination.schedule(), delivery.createdAt().plus(destination.spec().guard().deadline()));
        destination.guard().finish(verdict.attempt().outcome(), took, result.error());
        slotFreed.run();
        metrics.get().attempted(destination.metricsLabel(), verdict.attempt().outcome(), result.status(), took);
        finish(delivery, destination, verdict);
    }

    private void finish(ClaimedDelivery delivery, DestinationRuntime destination, AttemptJudge.Verdict verdict) {
        try {
            if (!queue.complete(owner, verdict.attempt(), verdict.next(), clock.instant())) {
                log.warn("lease on delivery {} was lost before its attempt {} was recorded", delivery.id(), verdict.attempt().number());
                return;
            }
            recorded(delivery, destination, verdict);
            if (destination != null) checkDisable(destination, verdict.attempt().status());
        } catch (StoreException e) {
            // The lease expires and the delivery is claimed again: at-least-once, never zero. While the gateway stops,
            // calls cut off are expected: said once by the dispatcher, not a WARN each.
            if (stopping) {
                log.debug("could not record attempt of delivery {} while stopping: {}", delivery.id(), e.getMessage());
            } else {
                log.warn("could not record attempt of delivery {}: {}", delivery.id(), e.getMessage());
            }
        }
    }

    /** The gateway is stopping: an attempt that cannot be recorded now is expected, not warned of. */
    void stopping() {
        stopping = true;
    }

    /** After an attempt was recorded: count it, wake the loop for an early retry, raise a dead delivery. */
    void recorded(ClaimedDelivery delivery, DestinationRuntime destination, AttemptJudge.Verdict verdict) {
        counters.count(verdict.next());
        if (verdict.next() instanceof Completion.RetryAt r) waiter.retryScheduled(r.at());
        if (verdict.next() instanceof Completion.Dead dead) {
            alerter.raise(new Alert(Alert.Kind.DELIVERY_DEAD, delivery.destination(), "delivery " + delivery.id()
                    + " of message " + delivery.message().id() + " is dead: " + dead.reason(), clock.instant()));
            if (destination != null && destination.endpoint()) operational.deliveryDead(delivery, dead.reason());
        }
    }

    /** Pauses the destination after a 410 Gone ({@code status}) or after failing for {@code disable-after}. */
    void checkDisable(DestinationRuntime destination, Integer status) {
        DestinationGuard guard = destination.guard();
        if (status != null && status == 410 && guard.markDisabled()) {
            disable(destination, "the receiver answered 410 Gone");
        } else if (guard.shouldDisable()) {
            disable(destination, "failing without a success for longer than disable-after");
        }
    }

    /** Pauses a destination on every node and tells the operator; resume it once the receiver is fixed. */
    private void disable(DestinationRuntime destination, String why) {
        queue.pause(Pause.Kind.DESTINATION, destination.name(), "auto-disabled: " + why, clock.instant());
        pauses.forget();
        alerter.raise(new Alert(Alert.Kind.DESTINATION_DISABLED, destination.name(), "destination disabled (paused): " + why
                + "; deliveries wait until it is resumed", clock.instant()));
        if (destination.endpoint()) operational.endpointDisabled(destination.name(), null, why);
    }
}
