package dev.junction.engine.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.GuardSpec;
import dev.junction.core.model.DeliveryState;
import dev.junction.core.retry.RetryPolicy;
import dev.junction.core.retry.RetrySchedule;
import dev.junction.engine.alert.Alerter;
import dev.junction.engine.deliver.ClaimLoop.Next;
import dev.junction.engine.deliver.DestinationGuardTest.ManualClock;
import dev.junction.store.IngestOutcome;
import dev.junction.store.NewMessage;
import dev.junction.store.Pause;
import dev.junction.store.PlannedDelivery;
import dev.junction.store.TestDatabases;
import dev.junction.store.TestQueue;
import dev.junction.store.jdbc.JdbcStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatcher driven step by step: a real SQLite queue, a clock and workers moved by hand, a seeded
 * random source. Nothing sleeps; every step's outcome is asserted.
 */
class DispatcherTest {

    private static final DispatcherSettings SETTINGS = new DispatcherSettings(8, Duration.ofSeconds(5), Duration.ofMinutes(1));
    private static final RetryPolicy RETRY = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofMinutes(1), 2.0);
    private static final long SEED = 42;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();
    private final ManualWorkers workers = new ManualWorkers();
    private final RecordingSender sender = new RecordingSender();
    private JdbcStore store;
    private Dispatcher dispatcher;

    @BeforeEach
    void open() {
        store = TestDatabases.sqlite(dir);
    }

    @AfterEach
    void close() {
        if (dispatcher != null) dispatcher.close(Duration.ZERO);
        store.close();
    }

    private Dispatcher dispatcher(int maxConcurrent) {
        DestinationSpec crm = new DestinationSpec("crm", URI.create("http://127.0.0.1:9/hooks"), Duration.ofSeconds(5), RETRY, null,
                Map.of(), new GuardSpec(maxConcurrent, 0, null));
        dispatcher = new Dispatcher(store, Map.of("crm", crm), sender, clock, new Random(SEED), SETTINGS, "node-a",
                Alerter.logOnly(clock), workers);
        dispatcher.openForSteps();
        return dispatcher;
    }

    private NewMessage message(String id) {
        return new NewMessage(id, "stripe", id, clock.instant(), "application/json", Map.of(),
                ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8), null);
    }

    /** Stores an event for crm through the queue (not the fast path), a millisecond after the last. */
    private void queued(String id) {
        clock.advance(Duration.ofMillis(1));
        TestQueue.ingest(store, message(id), List.of("crm"), () -> "dlv_" + id);
    }

    private DeliveryState state(String id) {
        return store.delivery("dlv_" + id).orElseThrow().state();
    }

    @Test
    void aStepClaimsDueWorkAndAWorkerSendsItAndRecordsTheAttempt() {
        dispatcher(16);
        queued("m1");

        ClaimLoop.Step step = dispatcher.loop().step(false);

        assertThat(step.claimed()).isEqualTo(1);
        assertThat(step.next()).as("less due work than room: caught up").isEqualTo(Next.WAIT_FOR_DUE);
        assertThat(sender.sent).as("claimed, not yet sent").isEmpty();
        assertThat(workers.runAll()).isEqualTo(1);
        assertThat(sender.sentMessageIds()).containsExactly("m1");
        assertThat(state("m1")).isEqualTo(DeliveryState.SUCCEEDED);
        assertThat(dispatcher.counters().delivered()).isEqualTo(1);
    }

    @Test
    void aRetryableFailureWaitsItsJitteredDelayAndTheLoopSleepsExactlyUntilThen() {
        dispatcher(16);
        sender.answer(SendResult.response(503, null, "busy"));
        queued("m1");
        dispatcher.loop().step(false);
        Instant failedAt = clock.instant();
        workers.runAll();

        Duration delay = new RetrySchedule(RETRY, new Random(SEED)).delayBefore(1, Optional.empty());
        assertThat(state("m1")).isEqualTo(DeliveryState.PENDING);
        assertThat(store.delivery("dlv_m1").orElseThrow().nextAttemptAt()).isEqualTo(failedAt.plus(delay));

        ClaimLoop.Step early = dispatcher.loop().step(false);
        assertThat(early.claimed()).as("not due yet").isZero();
        assertThat(dispatcher.waiter().plannedWait(false, early.scope())).isEqualTo(delay.toMillis());

        clock.advance(delay);
        assertThat(dispatcher.loop().step(false).claimed()).isEqualTo(1);
        workers.runAll();
        assertThat(state("m1")).isEqualTo(DeliveryState.SUCCEEDED);
        assertThat(store.attempts("dlv_m1")).extracting(a -> a.status()).containsExactly(503, 200);
    }

    @Test
    void aFullBulkheadKeepsClaimedWorkInTheLaneAndEachFinishingCallStartsTheNext() {
        dispatcher(2);
        for (int i = 1; i <= 5; i++) queued("m" + i);

        ClaimLoop.Step step = dispatcher.loop().step(false);

        assertThat(step.claimed()).as("two calls plus a lane of two").isEqualTo(4);
        assertThat(step.next()).as("the claim was full").isEqualTo(Next.LOOK_AGAIN);
        assertThat(workers.queued()).as("the bulkhead admits two").isEqualTo(2);
        workers.runNext();
        assertThat(workers.queued()).as("the finished call started the next from the lane").isEqualTo(2);
        workers.runAll();
        assertThat(sender.sentMessageIds()).containsExactly("m1", "m2", "m3", "m4");

        assertThat(dispatcher.loop().step(false).claimed()).isEqualTo(1);
        workers.runAll();
        assertThat(sender.sentMessageIds()).containsExactly("m1", "m2", "m3", "m4", "m5");
        assertThat(dispatcher.counters().claims()).isEqualTo(2);
    }

    @Test
    void onceCaughtUpANewEventIsLeasedInItsOwnTransactionAndSentWithoutAClaim() {
        dispatcher(16);
        List<PlannedDelivery> plan = List.of(PlannedDelivery.unordered("crm"));
        assertThat(dispatcher.ingestLeases().beforeStore(plan)).as("not caught up yet: no lease").allMatch(p -> p.lease() == null);

        assertThat(dispatcher.loop().step(false).next()).isEqualTo(Next.WAIT_FOR_DUE);
        List<PlannedDelivery> leased = dispatcher.ingestLeases().beforeStore(plan);
        assertThat(leased).allMatch(p -> p.lease() != null && p.lease().owner().equals("node-a"));
        IngestOutcome outcome = store.append(message("m1"), leased, () -> "dlv_m1");
        dispatcher.ingestLeases().afterStore(leased, outcome);

        assertThat(state("m1")).as("stored already leased").isEqualTo(DeliveryState.IN_FLIGHT);
        assertThat(workers.runAll()).isEqualTo(1);
        assertThat(state("m1")).isEqualTo(DeliveryState.SUCCEEDED);
        assertThat(dispatcher.counters().leasedAtIngest()).isEqualTo(1);
        assertThat(dispatcher.counters().claims()).as("only the step that found the queue empty").isEqualTo(1);

        List<PlannedDelivery> keyed = dispatcher.ingestLeases().beforeStore(List.of(new PlannedDelivery("crm", "cus_1", false)));
        assertThat(keyed).as("a keyed delivery waits its turn in the queue").allMatch(p -> p.lease() == null);
    }

    @Test
    void aPausedDestinationIsLeftOutOfClaimsUntilResumed() {
        dispatcher(16);
        store.pause(Pause.Kind.DESTINATION, "crm", "maintenance", clock.instant());
        queued("m1");

        ClaimLoop.Step paused = dispatcher.loop().step(false);
        assertThat(paused.claimed()).isZero();
        assertThat(paused.skipped()).containsExactly("crm");
        assertThat(paused.next()).isEqualTo(Next.WAIT_FOR_ROOM);

        store.resume(Pause.Kind.DESTINATION, "crm");
        clock.advance(Duration.ofMillis(PauseCache.FRESH_MILLIS));
        assertThat(dispatcher.loop().step(false).claimed()).isEqualTo(1);
        workers.runAll();
        assertThat(sender.sentMessageIds()).containsExactly("m1");
    }

    @Test
    void leasesOfWorkWaitingInALaneAreRenewedSoNoOtherNodeTakesIt() {
        dispatcher(1);
        queued("m1");
        queued("m2");
        assertThat(dispatcher.loop().step(false).claimed()).isEqualTo(2); // m1 to a worker, m2 waits in the lane

        clock.advance(Duration.ofSeconds(30));
        assertThat(dispatcher.renewer().renewOnce()).as("the lane's delivery").isEqualTo(1);
        clock.advance(Duration.ofSeconds(31));

        assertThat(TestQueue.claimDue(store, "node-b", clock.instant(), SETTINGS.lease(), 10))
                .as("m1's lease ran out (its call never started); m2's was renewed")
                .extracting(d -> d.message().id()).containsExactly("m1");
    }

    @Test
    void endpointsAreMadeActiveByTheirWorkAndAClaimIsSizedByTheWorkersNotByHowManyEndpointsThereAre() {
        java.util.function.Function<String, Optional<DestinationSpec>> endpoints = name -> name.startsWith("ep_")
                ? Optional.of(new DestinationSpec(name, URI.create("https://" + name + ".example/hooks"), Duration.ofSeconds(5), RETRY,
                null, Map.of(), new GuardSpec(8, 0, null)))
                : Optional.empty();
        dispatcher = new Dispatcher(store, Map.of(), endpoints, sender, clock, new Random(SEED), SETTINGS, "node-a",
                Alerter.logOnly(clock), workers);
        dispatcher.openForSteps();
        dispatcher.outboundInUse();
        for (int i = 1; i <= 4; i++) {
            for (int e = 1; e <= 50; e++) {
                clock.advance(Duration.ofMillis(1));
                String id = "dlv_" + e + "_" + i;
                TestQueue.ingest(store, message("m" + e + "_" + i), List.of("ep_" + e), () -> id);
            }
        }

        assertThat(dispatcher.loop().step(false).claimed()).as("the first claim: as many as the 8 workers").isEqualTo(SETTINGS.workers());
        workers.runAll();
        assertThat(dispatcher.activeEndpoints()).as("only endpoints with work get a guard and a lane").isEqualTo(SETTINGS.workers());

        // Eight endpoints are active now, each with a bulkhead of 8 and a lane of 8: summed, they would size the
        // next claim at 72. It stays at what the workers can send plus one workers' worth waiting in lanes.
        assertThat(dispatcher.loop().step(false).claimed()).isEqualTo(2 * SETTINGS.workers());
        workers.runAll();
        assertThat(sender.sent).hasSize(3 * SETTINGS.workers()).allMatch(d -> d.destination().startsWith("ep_"));
    }

    @Test
    void closingGivesTheLanesBackToTheQueueDueAtOnce() {
        dispatcher(1);
        queued("m1");
        queued("m2");
        dispatcher.loop().step(false);

        dispatcher.close(Duration.ZERO);

        assertThat(state("m2")).isEqualTo(DeliveryState.PENDING);
        assertThat(TestQueue.claimDue(store, "node-b", clock.instant(), SETTINGS.lease(), 10))
                .extracting(d -> d.message().id()).containsExactly("m2");
    }
}
