package dev.junction.engine.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.config.BatchSpec;
import dev.junction.core.config.DestinationSpec;
import dev.junction.core.config.GuardSpec;
import dev.junction.core.config.TransformSpec;
import dev.junction.core.model.DeliveryState;
import dev.junction.core.retry.RetryPolicy;
import dev.junction.engine.alert.Alerter;
import dev.junction.engine.deliver.DestinationGuardTest.ManualClock;
import dev.junction.engine.transform.Transforms;
import dev.junction.store.AttemptRecord;
import dev.junction.store.NewMessage;
import dev.junction.store.PlannedDelivery;
import dev.junction.store.TestQueue;
import dev.junction.store.jdbc.JdbcStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Batched deliveries (ADR 0026) driven step by step: a real store, a real bulk receiver over a socket, the
 * real HTTP sender, a manual clock and workers run by hand. Run on SQLite and on PostgreSQL.
 */
abstract class BatchDeliveryContract {

    static final DispatcherSettings SETTINGS = new DispatcherSettings(8, Duration.ofSeconds(5), Duration.ofMinutes(1));
    static final RetryPolicy RETRY = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(1), 1.0);

    final ManualClock clock = new ManualClock();
    final List<Dispatcher> dispatchers = new ArrayList<>();
    final List<ManualWorkers> workers = new ArrayList<>();
    JdbcStore store;
    BulkReceiver receiver;
    HttpSender sender;
    private int events;

    abstract JdbcStore openStore();

    @BeforeEach
    void open() throws IOException {
        store = openStore();
        receiver = new BulkReceiver();
        sender = new HttpSender(clock);
    }

    @AfterEach
    void close() {
        dispatchers.forEach(d -> d.close(Duration.ZERO));
        sender.close();
        receiver.close();
        store.close();
    }

    DestinationSpec bulk(BatchSpec batch, GuardSpec guard) {
        return new DestinationSpec("bulk", receiver.url(), Duration.ofSeconds(5), RETRY, null, Map.of(), guard).withBatch(batch);
    }

    /** A dispatcher for {@code bulk} owned by {@code node}, opened for steps; its workers are {@link #workers}'s last. */
    Dispatcher dispatcher(DestinationSpec bulk, String node) {
        return dispatcher(bulk, node, sender);
    }

    Dispatcher dispatcher(DestinationSpec bulk, String node, Sender through) {
        ManualWorkers w = new ManualWorkers();
        Dispatcher d = new Dispatcher(store, Map.of("bulk", bulk), through, clock, new Random(42), SETTINGS, node,
                Alerter.logOnly(clock), w);
        d.openForSteps();
        dispatchers.add(d);
        workers.add(w);
        return d;
    }

    Dispatcher dispatcher(BatchSpec batch) {
        return dispatcher(bulk(batch, GuardSpec.DEFAULT), "node-a");
    }

    /** Stores an event for bulk through the queue, a millisecond after the last; its payload is {"n":N}. */
    String queued(String body) {
        return queued(body, null);
    }

    String queued(String body, String orderingKey) {
        clock.advance(Duration.ofMillis(1));
        String id = String.format("m%03d", ++events);
        NewMessage m = new NewMessage(id, "shop", id, clock.instant(), "application/json", Map.of(),
                body.getBytes(StandardCharsets.UTF_8), null);
        PlannedDelivery planned = orderingKey == null ? PlannedDelivery.unordered("bulk")
                : new PlannedDelivery("bulk", orderingKey, false, null);
        store.append(m, List.of(planned), () -> "dlv_" + id);
        return "dlv_" + id;
    }

    List<String> queuedNumbered(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) ids.add(queued("{\"n\":" + (events + 1) + "}"));
        return ids;
    }

    /** A JSON array body's elements, each as compact JSON. */
    static List<String> items(String body) {
        try {
            List<String> items = new ArrayList<>();
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).forEach(n -> items.add(n.toString()));
            return items;
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    DeliveryState state(String deliveryId) {
        return store.delivery(deliveryId).orElseThrow().state();
    }

    AttemptRecord lastAttempt(String deliveryId) {
        return store.attempts(deliveryId).getLast();
    }

    /** One step of the loop of dispatcher {@code i}, then its workers run until none waits; returns how many calls ran. */
    int stepAndSend(int i) {
        dispatchers.get(i).loop().step(false);
        return workers.get(i).runAll();
    }

    @Test
    void fullBatchesGoAtOnceAndTheRestWaitsWithinSinceItJoined() {
        Dispatcher d = dispatcher(new BatchSpec(3, Duration.ofSeconds(2), null, null));
        List<String> ids = queuedNumbered(7);

        assertThat(stepAndSend(0)).as("two full batches, one call each").isEqualTo(2);
        assertThat(receiver.bodies()).containsExactly("[{\"n\":1},{\"n\":2},{\"n\":3}]", "[{\"n\":4},{\"n\":5},{\"n\":6}]");
        assertThat(receiver.requests).allSatisfy(r -> assertThat(r.contentType()).startsWith("application/json"));
        for (String id : ids.subList(0, 6)) assertThat(state(id)).isEqualTo(DeliveryState.SUCCEEDED);
        String first = lastAttempt(ids.get(0)).batchId();
        assertThat(first).matches("bat_[0-9A-HJKMNP-TV-Z]{26}").isEqualTo(receiver.requests.get(0).webhookId());
        assertThat(ids.subList(0, 3)).allSatisfy(id -> assertThat(lastAttempt(id).batchId()).isEqualTo(first));
        assertThat(lastAttempt(ids.get(3)).batchId()).isNotEqualTo(first).isEqualTo(receiver.requests.get(1).webhookId());
        assertThat(state(ids.get(6))).as("leased, waiting in its lane for company").isEqualTo(DeliveryState.IN_FLIGHT);
        assertThat(d.waiter().plannedWait(false, dev.junction.store.ClaimScope.everything(java.util.Set.of()))).as("the loop wakes when the partial batch is due")
                .isEqualTo(2_000);

        clock.advance(Duration.ofMillis(1_999));
        assertThat(stepAndSend(0)).as("not yet within").isZero();
        clock.advance(Duration.ofMillis(1));
        assertThat(stepAndSend(0)).isEqualTo(1);
        assertThat(receiver.bodies().getLast()).isEqualTo("[{\"n\":7}]");
        assertThat(state(ids.get(6))).isEqualTo(DeliveryState.SUCCEEDED);
    }

    @Test
    void aReadyBatchWaitingForABulkheadSlotGoesWhenTheCallBeforeItEndsWithoutSpinningTheLoop() {
        Dispatcher d = dispatcher(bulk(new BatchSpec(2, Duration.ofSeconds(2), null, null), new GuardSpec(1, 0, null)), "node-a");
        queuedNumbered(4);

        d.loop().step(false);
        assertThat(workers.get(0).queued()).as("max-concurrent 1: one call").isEqualTo(1);
        clock.advance(Duration.ofSeconds(3));
        d.loop().step(false);
        assertThat(workers.get(0).queued()).as("the next batch is ready but has no slot").isEqualTo(1);
        assertThat(d.waiter().plannedWait(false, dev.junction.store.ClaimScope.everything(java.util.Set.of()))).as("no timer for a batch that waits for a slot")
                .isEqualTo(SETTINGS.pollInterval().toMillis());

        assertThat(workers.get(0).runAll()).as("the finishing call starts the next").isEqualTo(2);
        assertThat(receiver.bodies()).containsExactly("[{\"n\":1},{\"n\":2}]", "[{\"n\":3},{\"n\":4}]");
    }

    @Test
    void aPerItemAnswerGivesEachDeliveryItsOwnOutcome() {
        dispatcher(new BatchSpec(3, Duration.ofSeconds(2), null, new BatchSpec.Results("/results", "/status")));
        receiver.answer(207, "{\"results\":[{\"status\":201},{\"status\":503,\"error\":\"busy\"},{\"status\":422,\"error\":\"bad email\"}]}");
        List<String> ids = queuedNumbered(3);

        stepAndSend(0);

        assertThat(state(ids.get(0))).isEqualTo(DeliveryState.SUCCEEDED);
        assertThat(state(ids.get(1))).as("its item was busy: retried alone").isEqualTo(DeliveryState.PENDING);
        assertThat(state(ids.get(2))).as("its item was refused").isEqualTo(DeliveryState.DEAD);
        assertThat(lastAttempt(ids.get(1)).status()).isEqualTo(503);
        assertThat(lastAttempt(ids.get(1)).responseExcerpt()).isEqualTo("{\"status\":503,\"error\":\"busy\"}");
        assertThat(store.delivery(ids.get(2)).orElseThrow().lastError()).contains("HTTP 422");

        receiver.answer(200, "{\"results\":[{\"status\":200}]}");
        clock.advance(Duration.ofSeconds(1));
        stepAndSend(0); // claimed again: a partial batch of one, waiting its within
        clock.advance(Duration.ofSeconds(2));
        assertThat(stepAndSend(0)).isEqualTo(1);
        assertThat(receiver.bodies().getLast()).isEqualTo("[{\"n\":2}]");
        assertThat(state(ids.get(1))).isEqualTo(DeliveryState.SUCCEEDED);
        List<AttemptRecord> attempts = store.attempts(ids.get(1));
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(1).batchId()).as("a retry goes in a new batch").isNotEqualTo(attempts.get(0).batchId());
    }

    @Test
    void anAnswerWithTooFewResultsRetriesTheItemsItSaysNothingAbout() {
        dispatcher(new BatchSpec(2, Duration.ZERO, null, new BatchSpec.Results("/results", null)));
        receiver.answer(200, "{\"results\":[{\"status\":200}]}");
        List<String> ids = queuedNumbered(2);

        stepAndSend(0);

        assertThat(state(ids.get(0))).isEqualTo(DeliveryState.SUCCEEDED);
        assertThat(state(ids.get(1))).isEqualTo(DeliveryState.PENDING);
        assertThat(lastAttempt(ids.get(1)).error()).isEqualTo("batch-answer: HTTP 200 with 1 results for 2 items: none for this one");
    }

    @Test
    void multiStatusWithoutResultsToReadIsNoSilentSuccess() {
        dispatcher(new BatchSpec(2, Duration.ZERO, null, null));
        receiver.answer(207, "{}");
        List<String> ids = queuedNumbered(2);

        stepAndSend(0);

        assertThat(ids).allSatisfy(id -> assertThat(state(id)).isEqualTo(DeliveryState.DEAD));
        assertThat(lastAttempt(ids.get(0)).error()).contains("207 Multi-Status, but the destination has no batch.results");
    }

    @Test
    void aWholeBatchFailureIsRetriedForEveryItemThenDeadPerEventAndReplayedPerEvent() {
        dispatcher(new BatchSpec(3, Duration.ZERO, null, null));
        receiver.answer(503, "{\"error\":\"down\"}");
        List<String> ids = queuedNumbered(3);

        for (int attempt = 1; attempt <= RETRY.maxAttempts(); attempt++) {
            assertThat(stepAndSend(0)).as("attempt %d: one call for the three", attempt).isEqualTo(1);
            clock.advance(Duration.ofSeconds(1));
        }
        // Each retry is due after its own jittered delay, so the three may come in any order, always in one call.
        assertThat(receiver.requests).hasSize(3).allSatisfy(r -> assertThat(items(r.body()))
                .containsExactlyInAnyOrder("{\"n\":1}", "{\"n\":2}", "{\"n\":3}"));
        assertThat(ids).allSatisfy(id -> {
            assertThat(state(id)).isEqualTo(DeliveryState.DEAD);
            assertThat(store.attempts(id)).hasSize(3).allSatisfy(a -> assertThat(a.status()).isEqualTo(503));
        });

        receiver.answer(200, "{}");
        assertThat(store.replay(ids.get(1), clock.instant())).isTrue();
        assertThat(stepAndSend(0)).isEqualTo(1);
        assertThat(receiver.bodies().getLast()).as("only the replayed event").isEqualTo("[{\"n\":2}]");
        assertThat(state(ids.get(1))).isEqualTo(DeliveryState.SUCCEEDED);
        assertThat(state(ids.get(0))).isEqualTo(DeliveryState.DEAD);
        assertThat(store.attempts(ids.get(1))).hasSize(4);
    }

    @Test
    void theBreakerCountsOneCallPerBatch() {
        GuardSpec guard = new GuardSpec(16, 0, new GuardSpec.Breaker(50, 2, 2, Duration.ofMinutes(1), 1));
        Dispatcher d = dispatcher(bulk(new BatchSpec(5, Duration.ZERO, null, null), guard), "node-a");
        receiver.answer(500, "");
        queuedNumbered(5);

        stepAndSend(0);
        assertThat(d.breakerStates()).as("five deliveries failed, but in one call: fewer than the minimum calls")
                .containsEntry("bulk", "CLOSED");
        clock.advance(Duration.ofSeconds(1));
        stepAndSend(0);
        assertThat(d.breakerStates()).as("the second failed call").containsEntry("bulk", "OPEN");
    }

    @Test
    void aPayloadThatIsNotJsonFailsAloneWithoutQuotingItself() {
        dispatcher(new BatchSpec(3, Duration.ZERO, null, null));
        String good = queued("{\"n\":1}");
        String bad = queued("secret=hunter2&x");
        String other = queued("[1, 2]");

        stepAndSend(0);

        assertThat(receiver.bodies()).containsExactly("[{\"n\":1},[1, 2]]");
        assertThat(state(good)).isEqualTo(DeliveryState.SUCCEEDED);
        assertThat(state(other)).isEqualTo(DeliveryState.SUCCEEDED);
        assertThat(state(bad)).isEqualTo(DeliveryState.DEAD);
        assertThat(lastAttempt(bad).error()).startsWith("payload: payload is not JSON (line 1, column ").doesNotContain("hunter2");
        assertThat(lastAttempt(bad).batchId()).isEqualTo(lastAttempt(good).batchId());
    }

    @Test
    void eachItemIsTransformedAsASingleDeliveryWouldBeAndOneTheTransformRefusesIsDeadAlone() {
        DestinationSpec bulk = bulk(new BatchSpec(3, Duration.ZERO, null, null), GuardSpec.DEFAULT)
                .withTransform(new TransformSpec("n > 1 ? {\"m\": n * 10} : $error(\"n must be more than 1\")", "test"));
        dispatcher(bulk, "node-a", new TransformingSender(sender, Transforms.of(List.of(), Map.of("bulk", bulk))));
        String two = queued("{\"n\":2}");
        String one = queued("{\"n\":1}");
        String three = queued("{\"n\":3}");

        stepAndSend(0);

        assertThat(receiver.bodies()).containsExactly("[{\"m\":20},{\"m\":30}]");
        assertThat(state(two)).isEqualTo(DeliveryState.SUCCEEDED);
        assertThat(state(three)).isEqualTo(DeliveryState.SUCCEEDED);
        assertThat(state(one)).isEqualTo(DeliveryState.DEAD);
        assertThat(lastAttempt(one).error()).startsWith("transform: ").contains("n must be more than 1");
        assertThat(lastAttempt(one).batchId()).isEqualTo(lastAttempt(two).batchId());
    }

    @Test
    void ndjsonPutsEachPayloadOnItsOwnLine() {
        dispatcher(new BatchSpec(2, Duration.ZERO, BatchSpec.Format.NDJSON, null));
        queued("{\n  \"n\": 1,\n  \"note\": \"a\\nb\"\n}");
        queued("{\"n\":2.50}");

        stepAndSend(0);

        assertThat(receiver.requests.getFirst().contentType()).startsWith("application/x-ndjson");
        assertThat(receiver.bodies()).containsExactly("{  \"n\": 1,  \"note\": \"a\\nb\"}\n{\"n\":2.50}\n");
    }

    @Test
    void keyedEventsGoOnePerKeyPerBatchInOrder() {
        dispatcher(new BatchSpec(10, Duration.ZERO, null, null));
        queued("{\"k\":\"a\",\"v\":1}", "a");
        queued("{\"k\":\"a\",\"v\":2}", "a");
        queued("{\"k\":\"b\",\"v\":1}", "b");

        stepAndSend(0);
        stepAndSend(0);

        assertThat(receiver.bodies()).containsExactly("[{\"k\":\"a\",\"v\":1},{\"k\":\"b\",\"v\":1}]", "[{\"k\":\"a\",\"v\":2}]");
    }

    @Test
    void twoNodesNeverShareAnEventAndAKilledNodesBatchIsReclaimedAfterItsLease() {
        BatchSpec waitLong = new BatchSpec(100, Duration.ofHours(1), null, null);
        dispatcher(bulk(waitLong, GuardSpec.DEFAULT), "node-a");
        List<String> ids = queuedNumbered(4);
        stepAndSend(0); // node-a leases the four into a partial batch that waits, then "dies": it is never stepped again

        dispatcher(bulk(new BatchSpec(100, Duration.ZERO, null, null), GuardSpec.DEFAULT), "node-b");
        assertThat(stepAndSend(1)).as("node-a's leases still hold").isZero();
        assertThat(receiver.requests).isEmpty();

        clock.advance(SETTINGS.lease());
        assertThat(stepAndSend(1)).isEqualTo(1);
        assertThat(receiver.bodies()).containsExactly("[{\"n\":1},{\"n\":2},{\"n\":3},{\"n\":4}]");
        assertThat(ids).allSatisfy(id -> assertThat(state(id)).isEqualTo(DeliveryState.SUCCEEDED));
    }

    @Test
    void twoRunningNodesDeliverEveryEventOnceInBatchesOfAtMostMax() {
        receiver.answer(200, "{}");
        List<String> ids = queuedNumbered(300);
        DestinationSpec spec = bulk(new BatchSpec(10, Duration.ofMillis(50), null, null), GuardSpec.DEFAULT);
        DispatcherSettings settings = new DispatcherSettings(8, Duration.ofMillis(200), Duration.ofSeconds(10));
        for (String node : List.of("node-a", "node-b")) {
            Dispatcher d = new Dispatcher(store, Map.of("bulk", spec), sender, java.time.Clock.systemUTC(), new Random(), settings, node,
                    Alerter.logOnly(clock), java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            dispatchers.add(d);
        }
        dispatchers.forEach(Dispatcher::start);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> receiver.requests.stream().mapToInt(r -> items(r.body()).size()).sum() >= 300);

        List<String> received = receiver.requests.stream().flatMap(r -> items(r.body()).stream()).toList();
        assertThat(received).as("each event once: never in two batches").hasSize(300).doesNotHaveDuplicates();
        assertThat(receiver.requests).allSatisfy(r -> assertThat(items(r.body()).size()).isBetween(1, 10));
        assertThat(receiver.requests.size()).as("batched: far fewer calls than events").isLessThan(100);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> ids.stream().allMatch(id -> state(id) == DeliveryState.SUCCEEDED));
    }
}
