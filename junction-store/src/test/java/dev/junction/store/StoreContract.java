package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.model.DeliveryState;
import dev.junction.core.retry.OutcomeClass;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every behaviour of the store, tested once; each engine runs this suite by extending it.
 */
public abstract class StoreContract implements EventTypeContract, OutboundAppsContract, EventTypeCatalogueContract, IdempotencyContract, SyntheticStatesContract,
        SigningKeysContract, PollStatesContract, SyncStatesContract, SyncReconciliationsContract {

    protected static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(60);

    protected Store store;
    private final AtomicInteger ids = new AtomicInteger();

    protected abstract Store openStore() throws Exception;

    @Override
    public Store store() {
        return store;
    }

    @BeforeEach
    void open() throws Exception {
        store = openStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) store.close();
    }

    private String id(String prefix) {
        return prefix + "_" + String.format("%08d", ids.incrementAndGet());
    }

    private NewMessage message(String source, String dedupeKey, String body) {
        return new NewMessage(id("msg"), source, dedupeKey, T0, "application/json",
                Map.of("Stripe-Signature", "t=1,v1=x"), body.getBytes(StandardCharsets.UTF_8), "trace-1");
    }

    private IngestOutcome ingest(String dedupeKey, String... destinations) {
        return TestQueue.ingest(store, message("stripe", dedupeKey, "{\"id\":\"" + dedupeKey + "\"}"), List.of(destinations), () -> id("dlv"));
    }

    @Test
    void ingestStoresTheMessageAndOnePendingDeliveryPerDestination() {
        IngestOutcome outcome = ingest("evt_1", "billing", "crm");
        assertThat(outcome.duplicate()).isFalse();
        StoredMessage stored = store.message(outcome.messageId()).orElseThrow();
        assertThat(new String(stored.body(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"evt_1\"}");
        assertThat(stored.headers()).containsEntry("Stripe-Signature", "t=1,v1=x");
        assertThat(stored.receivedAt()).isEqualTo(T0);
        assertThat(stored.traceId()).isEqualTo("trace-1");
        assertThat(store.deliveriesOf(outcome.messageId()))
                .extracting(DeliveryView::destination, DeliveryView::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("billing", DeliveryState.PENDING),
                        org.assertj.core.groups.Tuple.tuple("crm", DeliveryState.PENDING));
    }

    @Test
    void aRepeatedDedupeKeyReturnsTheOriginalIdAndWritesNothing() {
        IngestOutcome first = ingest("evt_1", "billing");
        IngestOutcome again = ingest("evt_1", "billing");
        assertThat(again.duplicate()).isTrue();
        assertThat(again.messageId()).isEqualTo(first.messageId());
        assertThat(store.stats().messages()).isEqualTo(1);
        assertThat(store.stats().deliveries(DeliveryState.PENDING)).isEqualTo(1);
    }

    @Test
    void theSameDedupeKeyFromAnotherSourceIsADifferentMessage() {
        ingest("evt_1", "billing");
        IngestOutcome other = TestQueue.ingest(store, message("github", "evt_1", "{}"), List.of("billing"), () -> id("dlv"));
        assertThat(other.duplicate()).isFalse();
        assertThat(store.stats().messages()).isEqualTo(2);
    }

    @Test
    void concurrentIngestsOfOneKeyStoreItOnce() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<java.util.concurrent.Future<IngestOutcome>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return ingest("evt_race", "billing");
            }));
        }
        start.countDown();
        Set<String> ids = new HashSet<>();
        int accepted = 0;
        for (var f : results) {
            IngestOutcome o = f.get();
            ids.add(o.messageId());
            if (!o.duplicate()) accepted++;
        }
        pool.shutdown();
        assertThat(accepted).isEqualTo(1);
        assertThat(ids).hasSize(1);
        assertThat(store.stats().deliveries(DeliveryState.PENDING)).isEqualTo(1);
    }

    @Test
    void concurrentIngestsOfManyKeysEachGetTheRightAnswer() throws Exception {
        int threads = 16;
        int perThread = 60;
        int keys = 300;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Map<String, String> acceptedIdByKey = new ConcurrentHashMap<>();
        Map<String, Set<String>> duplicateIdsByKey = new ConcurrentHashMap<>();
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    String key = "evt_" + ((seed * 7919 + i * 104729) % keys);
                    IngestOutcome o = ingest(key, "billing");
                    if (o.duplicate()) {
                        duplicateIdsByKey.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(o.messageId());
                    } else {
                        assertThat(acceptedIdByKey.putIfAbsent(key, o.messageId())).as("accepted twice: " + key).isNull();
                    }
                }
                return null;
            }));
        }
        for (var f : futures) f.get();
        pool.shutdown();
        assertThat(store.stats().messages()).isEqualTo(acceptedIdByKey.size());
        assertThat(store.stats().deliveries(DeliveryState.PENDING)).isEqualTo(acceptedIdByKey.size());
        duplicateIdsByKey.forEach((key, ids) -> assertThat(ids).as(key).containsExactly(acceptedIdByKey.get(key)));
    }

    @Test
    void claimLeasesDueDeliveriesWithTheirMessage() {
        IngestOutcome o = ingest("evt_1", "billing");
        List<ClaimedDelivery> claimed = TestQueue.claimDue(store, "node-a", T0, LEASE, 10);
        assertThat(claimed).hasSize(1);
        ClaimedDelivery d = claimed.get(0);
        assertThat(d.destination()).isEqualTo("billing");
        assertThat(d.attemptsMade()).isZero();
        assertThat(d.leaseUntil()).isEqualTo(T0.plus(LEASE));
        assertThat(d.message().id()).isEqualTo(o.messageId());
        assertThat(d.message().body()).isNotEmpty();
        assertThat(store.delivery(d.id()).orElseThrow().state()).isEqualTo(DeliveryState.IN_FLIGHT);
    }

    @Test
    void aLeasedDeliveryIsNotClaimedAgainWhileTheLeaseIsValid() {
        ingest("evt_1", "billing");
        assertThat(TestQueue.claimDue(store, "node-a", T0, LEASE, 10)).hasSize(1);
        assertThat(TestQueue.claimDue(store, "node-b", T0.plus(LEASE).minusMillis(1), LEASE, 10)).isEmpty();
    }

    @Test
    void anExpiredLeaseIsClaimedAgainSoACrashedWorkerLosesNothing() {
        ingest("evt_1", "billing");
        ClaimedDelivery first = TestQueue.claimDue(store, "node-a", T0, LEASE, 10).get(0);
        List<ClaimedDelivery> again = TestQueue.claimDue(store, "node-b", T0.plus(LEASE), LEASE, 10);
        assertThat(again).extracting(ClaimedDelivery::id).containsExactly(first.id());
        // The crashed worker's late completion no longer moves the delivery.
        assertThat(store.complete("node-a", attempt(first.id(), 1, OutcomeClass.SUCCESS, 200), new Completion.Succeeded(), T0.plusSeconds(61)))
                .isFalse();
        assertThat(store.delivery(first.id()).orElseThrow().state()).isEqualTo(DeliveryState.IN_FLIGHT);
        assertThat(store.complete("node-b", attempt(first.id(), 2, OutcomeClass.SUCCESS, 200), new Completion.Succeeded(), T0.plusSeconds(62)))
                .isTrue();
        assertThat(store.delivery(first.id()).orElseThrow().state()).isEqualTo(DeliveryState.SUCCEEDED);
    }

    @Test
    void deliveriesAreNotClaimedBeforeTheyAreDue() {
        ingest("evt_1", "billing");
        ClaimedDelivery d = TestQueue.claimDue(store, "w", T0, LEASE, 10).get(0);
        Instant retryAt = T0.plusSeconds(30);
        assertThat(store.complete("w", attempt(d.id(), 1, OutcomeClass.RETRYABLE, 503), new Completion.RetryAt(retryAt), T0.plusSeconds(1))).isTrue();
        assertThat(TestQueue.nextDueAt(store)).contains(retryAt);
        assertThat(TestQueue.claimDue(store, "w", retryAt.minusMillis(1), LEASE, 10)).isEmpty();
        List<ClaimedDelivery> due = TestQueue.claimDue(store, "w", retryAt, LEASE, 10);
        assertThat(due).hasSize(1);
        assertThat(due.get(0).attemptsMade()).isEqualTo(1);
    }

    @Test
    void claimRespectsTheLimitAndOrderOfDueTime() {
        for (int i = 0; i < 5; i++) ingest("evt_" + i, "billing");
        assertThat(TestQueue.claimDue(store, "w", T0, LEASE, 3)).hasSize(3);
        assertThat(TestQueue.claimDue(store, "w", T0, LEASE, 3)).hasSize(2);
        assertThat(TestQueue.claimDue(store, "w", T0, LEASE, 3)).isEmpty();
    }

    @Test
    void concurrentClaimersNeverShareADelivery() throws Exception {
        int deliveries = 200;
        for (int i = 0; i < deliveries; i++) ingest("evt_" + i, "billing");
        int workers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        Map<String, String> owners = new ConcurrentHashMap<>();
        AtomicInteger doubles = new AtomicInteger();
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            String owner = "worker-" + w;
            futures.add(pool.submit(() -> {
                List<ClaimedDelivery> batch;
                while (!(batch = TestQueue.claimDue(store, owner, T0, LEASE, 7)).isEmpty()) {
                    for (ClaimedDelivery d : batch) {
                        if (owners.putIfAbsent(d.id(), owner) != null) doubles.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (var f : futures) f.get();
        pool.shutdown();
        assertThat(doubles).hasValue(0);
        assertThat(owners).hasSize(deliveries);
    }

    @Test
    void claimsBesideConcurrentAppendsNeitherShareNorLoseADelivery() throws Exception {
        // On SQLite claims and appends share group commits (ADR 0037); every delivery must be claimed exactly once.
        int appenders = 3;
        int perAppender = 100;
        ExecutorService pool = Executors.newFixedThreadPool(appenders + 2);
        CountDownLatch appended = new CountDownLatch(appenders);
        Map<String, String> owners = new ConcurrentHashMap<>();
        AtomicInteger doubles = new AtomicInteger();
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int a = 0; a < appenders; a++) {
            int appender = a;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < perAppender; i++) ingest("evt_" + appender + "_" + i, "billing");
                appended.countDown();
                return null;
            }));
        }
        for (int w = 0; w < 2; w++) {
            String owner = "node-" + w;
            futures.add(pool.submit(() -> {
                // Until a claim begun after the last append finds nothing: nothing appended is left behind.
                while (true) {
                    boolean done = appended.getCount() == 0;
                    List<ClaimedDelivery> batch = TestQueue.claimDue(store, owner, T0, LEASE, 7);
                    for (ClaimedDelivery d : batch) {
                        if (owners.putIfAbsent(d.id(), owner) != null) doubles.incrementAndGet();
                    }
                    if (batch.isEmpty() && done) return null;
                }
            }));
        }
        for (var f : futures) f.get();
        pool.shutdown();
        assertThat(doubles).hasValue(0);
        assertThat(owners).hasSize(appenders * perAppender);
        assertThat(store.stats().deliveries(DeliveryState.IN_FLIGHT)).isEqualTo(appenders * perAppender);
    }

    @Test
    void attemptsAreRecordedInOrderWithTheirOutcome() {
        ingest("evt_1", "billing");
        ClaimedDelivery d = TestQueue.claimDue(store, "w", T0, LEASE, 1).get(0);
        store.complete("w", new AttemptRecord(d.id(), 1, T0, Duration.ofMillis(120), OutcomeClass.RETRYABLE, 500, null, "oops"),
                new Completion.RetryAt(T0.plusSeconds(1)), T0);
        d = TestQueue.claimDue(store, "w", T0.plusSeconds(1), LEASE, 1).get(0);
        store.complete("w", new AttemptRecord(d.id(), 2, T0.plusSeconds(1), Duration.ofMillis(5000), OutcomeClass.RETRYABLE, null,
                "timeout: request timed out", null), new Completion.RetryAt(T0.plusSeconds(3)), T0.plusSeconds(6));
        List<AttemptRecord> attempts = store.attempts(d.id());
        assertThat(attempts).extracting(AttemptRecord::number).containsExactly(1, 2);
        assertThat(attempts.get(0).status()).isEqualTo(500);
        assertThat(attempts.get(0).responseExcerpt()).isEqualTo("oops");
        assertThat(attempts.get(0).duration()).isEqualTo(Duration.ofMillis(120));
        assertThat(attempts.get(1).status()).isNull();
        assertThat(attempts.get(1).error()).startsWith("timeout");
        DeliveryView view = store.delivery(d.id()).orElseThrow();
        assertThat(view.attempts()).isEqualTo(2);
        assertThat(view.lastError()).startsWith("timeout");
    }

    @Test
    void deadLettersAreListedAndReplayedKeepingTheirIdAndMessage() {
        IngestOutcome o1 = ingest("evt_1", "billing");
        ingest("evt_2", "billing");
        ingest("evt_3", "crm");
        for (ClaimedDelivery d : TestQueue.claimDue(store, "w", T0, LEASE, 10)) {
            store.complete("w", attempt(d.id(), 1, OutcomeClass.PERMANENT, 400), new Completion.Dead("HTTP 400"), T0);
        }
        assertThat(store.deadLetters(Optional.empty(), Optional.empty(), 10)).hasSize(3);
        List<DeliveryView> billing = store.deadLetters(Optional.of("billing"), Optional.empty(), 10);
        assertThat(billing).hasSize(2).allMatch(v -> v.lastError().equals("HTTP 400"));
        // Cursor pagination: the page after the first item holds the second.
        assertThat(store.deadLetters(Optional.of("billing"), Optional.of(billing.get(0).id()), 10))
                .extracting(DeliveryView::id).containsExactly(billing.get(1).id());

        DeliveryView first = store.deliveriesOf(o1.messageId()).get(0);
        assertThat(store.replay(first.id(), T0.plusSeconds(10))).isTrue();
        assertThat(store.replay(first.id(), T0.plusSeconds(10))).as("already pending").isFalse();
        ClaimedDelivery replayed = TestQueue.claimDue(store, "w", T0.plusSeconds(10), LEASE, 10).get(0);
        assertThat(replayed.id()).isEqualTo(first.id());
        assertThat(replayed.message().id()).isEqualTo(o1.messageId());

        assertThat(store.replayAll("billing", T0.plusSeconds(20))).isEqualTo(1);
        assertThat(store.deadLetters(Optional.empty(), Optional.empty(), 10)).extracting(DeliveryView::destination).containsExactly("crm");
    }

    @Test
    void aResendSendsADeliveryAgainWhateverItCameToButNotWhileInFlight() {
        ingest("evt_1", "billing");
        ClaimedDelivery d = TestQueue.claimDue(store, "w", T0, LEASE, 1).get(0);
        assertThat(store.resend(d.id(), T0)).as("in flight: its outcome would overwrite the resend").isFalse();
        store.complete("w", attempt(d.id(), 1, OutcomeClass.SUCCESS, 200), new Completion.Succeeded(), T0);
        assertThat(store.resend(d.id(), T0.plusSeconds(10))).isTrue();
        assertThat(store.delivery(d.id()).orElseThrow().state()).isEqualTo(DeliveryState.PENDING);
        assertThat(store.resend(d.id(), T0.plusSeconds(10))).as("pending: due now again").isTrue();
        ClaimedDelivery again = TestQueue.claimDue(store, "w", T0.plusSeconds(10), LEASE, 1).get(0);
        assertThat(again.id()).isEqualTo(d.id());
        assertThat(again.attemptsMade()).as("a fresh retry budget").isZero();
        assertThat(store.resend("dlv_nope", T0)).isFalse();
    }

    @Test
    void attemptsAfterAReplayAreRecordedAfterTheEarlierOnes() {
        ingest("evt_1", "billing");
        ClaimedDelivery d = TestQueue.claimDue(store, "w", T0, LEASE, 1).get(0);
        store.complete("w", attempt(d.id(), 1, OutcomeClass.PERMANENT, 422), new Completion.Dead("HTTP 422"), T0);
        store.replay(d.id(), T0.plusSeconds(10));
        ClaimedDelivery again = TestQueue.claimDue(store, "w", T0.plusSeconds(10), LEASE, 1).get(0);
        assertThat(again.attemptsMade()).as("a replay brings a fresh retry budget").isZero();
        store.complete("w", attempt(d.id(), again.attemptsMade() + 1, OutcomeClass.SUCCESS, 200), new Completion.Succeeded(), T0.plusSeconds(11));
        assertThat(store.attempts(d.id())).extracting(AttemptRecord::number, AttemptRecord::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 422), org.assertj.core.groups.Tuple.tuple(2, 200));
    }

    @Test
    void releaseReturnsADeliveryWithoutSpendingAnAttempt() {
        ingest("evt_1", "billing");
        ClaimedDelivery d = TestQueue.claimDue(store, "w", T0, LEASE, 1).get(0);
        store.release("w", d.id(), T0.plusSeconds(5), T0);
        DeliveryView view = store.delivery(d.id()).orElseThrow();
        assertThat(view.state()).isEqualTo(DeliveryState.PENDING);
        assertThat(view.attempts()).isZero();
        assertThat(view.nextAttemptAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void dataSurvivesReopeningTheStore() throws Exception {
        IngestOutcome o = ingest("evt_1", "billing");
        reopen();
        assertThat(store.message(o.messageId())).isPresent();
        assertThat(ingest("evt_1", "billing").duplicate()).isTrue();
    }

    /** Closes and reopens the same database (migrations must be idempotent). */
    protected abstract void reopen() throws Exception;

    private void finish(String deliveryId, Completion next) {
        store.complete("w", attempt(deliveryId, 1, next instanceof Completion.Succeeded ? OutcomeClass.SUCCESS : OutcomeClass.PERMANENT,
                next instanceof Completion.Succeeded ? 200 : 400), next, T0);
    }

    @Test
    void pruningDeletesOnlyOldFullySucceededMessagesInBatches() {
        for (int i = 0; i < 5; i++) ingest("evt_ok_" + i, "billing");
        IngestOutcome dead = ingest("evt_dead", "billing");
        IngestOutcome mixed = ingest("evt_mixed", "billing", "crm");
        for (ClaimedDelivery d : TestQueue.claimDue(store, "w", T0, LEASE, 100)) {
            boolean fail = d.message().id().equals(dead.messageId()) || (d.message().id().equals(mixed.messageId()) && d.destination().equals("crm"));
            finish(d.id(), fail ? new Completion.Dead("HTTP 400") : new Completion.Succeeded());
        }
        IngestOutcome pending = ingest("evt_pending", "billing");

        assertThat(store.pruneSucceeded(T0, 100)).as("nothing is older than T0").isZero();
        assertThat(store.pruneSucceeded(T0.plusSeconds(1), 3)).as("one batch").isEqualTo(3);
        assertThat(store.pruneSucceeded(T0.plusSeconds(1), 3)).isEqualTo(2);
        assertThat(store.pruneSucceeded(T0.plusSeconds(1), 3)).isZero();

        assertThat(store.message(dead.messageId())).as("dead letters are kept").isPresent();
        assertThat(store.message(mixed.messageId())).as("a message with a dead delivery is kept").isPresent();
        assertThat(store.message(pending.messageId())).isPresent();
        assertThat(store.stats().messages()).isEqualTo(3);
        assertThat(store.stats().attempts()).as("attempts of pruned deliveries are gone").isEqualTo(3);
        // A pruned event's dedupe key is free again: retention bounds how long duplicates are caught.
        assertThat(ingest("evt_ok_0", "billing").duplicate()).isFalse();
    }

    @Test
    void deadLettersArePurgedOnlyOnRequest() {
        ingest("evt_1", "billing");
        ingest("evt_2", "billing");
        ingest("evt_3", "crm");
        for (ClaimedDelivery d : TestQueue.claimDue(store, "w", T0, LEASE, 10)) finish(d.id(), new Completion.Dead("HTTP 400"));
        assertThat(store.pruneSucceeded(T0.plus(Duration.ofDays(365)), 100)).isZero();
        List<DeliveryView> dead = store.deadLetters(Optional.of("billing"), Optional.empty(), 10);
        assertThat(store.purgeDeadLetter(dead.get(0).id())).isTrue();
        assertThat(store.purgeDeadLetter(dead.get(0).id())).isFalse();
        assertThat(store.attempts(dead.get(0).id())).isEmpty();
        assertThat(store.purgeDeadLetters(Optional.of("billing"))).isEqualTo(1);
        assertThat(store.deadLetters(Optional.empty(), Optional.empty(), 10)).extracting(DeliveryView::destination).containsExactly("crm");
        assertThat(store.purgeDeadLetters(Optional.empty())).isEqualTo(1);
        // Once its deliveries are purged, an old message is pruned like any finished one.
        assertThat(store.pruneSucceeded(T0.plusSeconds(1), 100)).isEqualTo(3);
    }

    @Test
    void aPausedDestinationKeepsItsDeliveriesPendingUntilResumed() {
        ingest("evt_1", "billing", "crm");
        store.pause(Pause.Kind.DESTINATION, "billing", "maintenance", T0);
        store.pause(Pause.Kind.DESTINATION, "billing", "again", T0); // idempotent
        assertThat(store.pauses()).extracting(Pause::name, Pause::reason).containsExactly(org.assertj.core.groups.Tuple.tuple("billing", "maintenance"));
        assertThat(TestQueue.claimDue(store, "w", T0.plusSeconds(3600), LEASE, 10)).extracting(ClaimedDelivery::destination).containsExactly("crm");
        assertThat(TestQueue.nextDueAt(store)).as("only crm's lease, not billing's due time").contains(T0.plusSeconds(3600).plus(LEASE));
        assertThat(store.resume(Pause.Kind.DESTINATION, "billing")).isTrue();
        assertThat(store.resume(Pause.Kind.DESTINATION, "billing")).isFalse();
        List<ClaimedDelivery> after = TestQueue.claimDue(store, "w", T0.plusSeconds(3600), LEASE, 10);
        assertThat(after).extracting(ClaimedDelivery::destination).containsExactly("billing");
        assertThat(after.get(0).attemptsMade()).as("waiting spent no attempt").isZero();
    }

    @Test
    void aPausedSourceHoldsTheDeliveriesOfItsMessages() {
        ingest("evt_1", "billing");
        TestQueue.ingest(store, message("github", "gh_1", "{}"), List.of("billing"), () -> id("dlv"));
        store.pause(Pause.Kind.SOURCE, "stripe", null, T0);
        assertThat(TestQueue.claimDue(store, "w", T0, LEASE, 10)).extracting(c -> c.message().source()).containsExactly("github");
        store.resume(Pause.Kind.SOURCE, "stripe");
        assertThat(TestQueue.claimDue(store, "w", T0, LEASE, 10)).extracting(c -> c.message().source()).containsExactly("stripe");
    }

    @Test
    void skippedDestinationsAreLeftPendingAndOutOfTheNextDueTime() {
        ingest("evt_1", "billing", "crm");
        assertThat(store.nextDueAt(Set.of("billing", "crm"))).isEmpty();
        assertThat(store.claimDue("w", T0, LEASE, 10, Set.of("billing"))).extracting(ClaimedDelivery::destination).containsExactly("crm");
        assertThat(store.claimDue("w", T0, LEASE, 10, Set.of())).extracting(ClaimedDelivery::destination).containsExactly("billing");
    }

    @Test
    void aNodeThatKnowsSomeDestinationsLeavesOthersWorkUntilItHasWaitedTooLong() {
        ingest("evt_1", "billing", "ledger", "ep_1", "ep_2x");
        ClaimScope known = new ClaimScope(Set.of(), Set.of("billing"), "ep_", T0.minusSeconds(600));
        assertThat(store.nextDueAt(new ClaimScope(Set.of("billing"), Set.of("billing"), null, T0.minusSeconds(600))))
                .as("nothing it may claim: ledger and the endpoints are other nodes' work").isEmpty();
        assertThat(store.claimDue("old", T0, LEASE, 10, known)).as("its own destination and, by their prefix, the endpoints")
                .extracting(ClaimedDelivery::destination).containsExactlyInAnyOrder("billing", "ep_1", "ep_2x");
        assertThat(store.claimDue("old", T0, LEASE, 10, new ClaimScope(Set.of(), Set.of(), null, T0.minusSeconds(1))))
                .as("ledger fell due at T0, not before the cutoff").isEmpty();
        assertThat(store.nextDueAt(new ClaimScope(Set.of(), Set.of(), null, T0))).contains(T0);
        assertThat(store.claimDue("old", T0.plusSeconds(600), LEASE, 10, new ClaimScope(Set.of(), Set.of(), null, T0)))
                .as("nobody took it for the whole wait: now anyone may").extracting(ClaimedDelivery::destination).containsExactly("ledger");
    }

    @Test
    void aStoredPauseHoldsWorkOnlyOnTheNodesThatHaveTheDestination() {
        ingest("evt_1", "billing", "ledger");
        store.pause(Pause.Kind.DESTINATION, "ledger", "paused, then removed from the config", T0);
        Instant later = T0.plus(Duration.ofHours(1));
        ClaimScope withLedger = new ClaimScope(Set.of(), Set.of("billing", "ledger"), "ep_", later.minusSeconds(600));
        assertThat(store.nextDueAt(new ClaimScope(Set.of("billing"), withLedger.known(), "ep_", later.minusSeconds(600))))
                .as("a node that has ledger does not wait for its paused work").isEmpty();
        assertThat(store.claimDue("has-it", later, LEASE, 10, withLedger)).as("a node that has ledger honours its pause")
                .extracting(ClaimedDelivery::destination).containsExactly("billing");

        ClaimScope withoutLedger = new ClaimScope(Set.of(), Set.of("billing"), "ep_", later.minusSeconds(600));
        assertThat(store.nextDueAt(withoutLedger)).contains(T0);
        assertThat(store.claimDue("lacks-it", later, LEASE, 10, withoutLedger))
                .as("a node without ledger takes its orphaned work, paused or not, to dead-letter it")
                .extracting(ClaimedDelivery::destination).containsExactly("ledger");

        ingest("evt_2", "ledger");
        assertThat(store.claimDue("lacks-it", T0.plusSeconds(1), LEASE, 10, new ClaimScope(Set.of(), Set.of("billing"), null, T0.minusSeconds(599))))
                .as("not before it waited as long as any unknown destination's work").isEmpty();
        store.pause(Pause.Kind.SOURCE, "stripe", null, T0);
        assertThat(store.claimDue("lacks-it", later, LEASE, 10, withoutLedger)).as("a paused source still holds it").isEmpty();
    }

    private IngestOutcome ingestLeased(String dedupeKey, String owner, Instant until, PlannedDelivery... planned) {
        List<PlannedDelivery> leased = new ArrayList<>();
        for (PlannedDelivery p : planned) leased.add(p.withLease(new PlannedDelivery.Lease(owner, until)));
        return store.append(message("stripe", dedupeKey, "{\"id\":\"" + dedupeKey + "\"}"), leased, () -> id("dlv"));
    }

    @Test
    void aDeliveryLeasedAtIngestIsInFlightToItsNodeAndClaimedByOthersOnlyAfterTheLeaseExpires() {
        IngestOutcome outcome = ingestLeased("evt_1", "node-a", T0.plus(LEASE), PlannedDelivery.unordered("billing"));
        assertThat(outcome.leased()).hasSize(1);
        ClaimedDelivery leased = outcome.leased().get(0);
        assertThat(leased.destination()).isEqualTo("billing");
        assertThat(leased.attemptsMade()).isZero();
        assertThat(leased.leaseUntil()).isEqualTo(T0.plus(LEASE));
        assertThat(new String(leased.message().body(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"evt_1\"}");
        assertThat(leased.message().headers()).containsEntry("Stripe-Signature", "t=1,v1=x");
        assertThat(store.deliveriesOf(outcome.messageId())).extracting(DeliveryView::state).containsExactly(DeliveryState.IN_FLIGHT);
        assertThat(store.pendingCount()).isZero();

        // Another node cannot take it while the lease holds; once it expires (the node died), it can.
        assertThat(TestQueue.claimDue(store, "node-b", T0.plusSeconds(1), LEASE, 10)).isEmpty();
        assertThat(TestQueue.nextDueAt(store)).contains(T0.plus(LEASE));
        assertThat(TestQueue.claimDue(store, "node-b", T0.plus(LEASE), LEASE, 10)).extracting(ClaimedDelivery::id).containsExactly(leased.id());
        // The first node's late result no longer applies.
        assertThat(store.complete("node-a", attempt(leased.id(), 1, OutcomeClass.SUCCESS, 200), new Completion.Succeeded(), T0.plus(LEASE)))
                .isFalse();
    }

    @Test
    void theIngestingNodeCompletesALeasedDeliveryLikeAClaimedOne() {
        ClaimedDelivery leased = ingestLeased("evt_1", "node-a", T0.plus(LEASE), PlannedDelivery.unordered("billing")).leased().get(0);
        assertThat(store.complete("node-a", attempt(leased.id(), 1, OutcomeClass.SUCCESS, 200), new Completion.Succeeded(), T0.plusSeconds(1)))
                .isTrue();
        assertThat(store.delivery(leased.id()).orElseThrow().state()).isEqualTo(DeliveryState.SUCCEEDED);
        assertThat(store.attempts(leased.id())).hasSize(1);
    }

    @Test
    void pausedKeyedAndDuplicateDeliveriesAreNotLeasedAtIngest() {
        store.pause(Pause.Kind.DESTINATION, "crm", null, T0);
        IngestOutcome outcome = ingestLeased("evt_1", "node-a", T0.plus(LEASE), PlannedDelivery.unordered("billing"),
                PlannedDelivery.unordered("crm"), new PlannedDelivery("ledger", "cus_1", false));
        assertThat(outcome.leased()).extracting(ClaimedDelivery::destination).containsExactly("billing");
        assertThat(store.deliveriesOf(outcome.messageId())).extracting(DeliveryView::destination, DeliveryView::state)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("billing", DeliveryState.IN_FLIGHT),
                        org.assertj.core.groups.Tuple.tuple("crm", DeliveryState.PENDING),
                        org.assertj.core.groups.Tuple.tuple("ledger", DeliveryState.PENDING));

        store.pause(Pause.Kind.SOURCE, "stripe", null, T0);
        IngestOutcome whilePaused = ingestLeased("evt_2", "node-a", T0.plus(LEASE), PlannedDelivery.unordered("billing"));
        assertThat(whilePaused.leased()).isEmpty();
        assertThat(store.deliveriesOf(whilePaused.messageId())).extracting(DeliveryView::state).containsExactly(DeliveryState.PENDING);

        IngestOutcome duplicate = ingestLeased("evt_1", "node-a", T0.plus(LEASE), PlannedDelivery.unordered("billing"));
        assertThat(duplicate.duplicate()).isTrue();
        assertThat(duplicate.leased()).isEmpty();
    }

    @Test
    void concurrentCompletionsAreAllRecorded() throws Exception {
        List<ClaimedDelivery> claimed = new ArrayList<>();
        for (int i = 0; i < 64; i++) claimed.addAll(ingestLeased("evt_" + i, "node-a", T0.plus(LEASE), PlannedDelivery.unordered("billing")).leased());
        // One of them was taken over by another node: its completion must be refused, the others applied.
        List<ClaimedDelivery> takenOver = TestQueue.claimDue(store, "node-b", T0.plus(LEASE), LEASE, 1);
        assertThat(takenOver).hasSize(1);
        String lost = takenOver.get(0).id();
        List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (ClaimedDelivery d : claimed) {
                results.add(pool.submit(() -> store.complete("node-a", attempt(d.id(), 1, OutcomeClass.SUCCESS, 200),
                        new Completion.Succeeded(), T0.plusSeconds(1))));
            }
        }
        int applied = 0;
        for (var r : results) if (r.get()) applied++;
        assertThat(applied).isEqualTo(63);
        assertThat(store.delivery(lost).orElseThrow().state()).isEqualTo(DeliveryState.IN_FLIGHT);
        assertThat(store.attempts(lost)).hasSize(1); // the attempt happened, so it is on record; the state is not moved
        assertThat(store.stats().deliveries(DeliveryState.SUCCEEDED)).isEqualTo(63L);
    }

    private String ingestKeyed(String dedupeKey, String orderingKey, boolean skipDead) {
        return store.append(message("stripe", dedupeKey, "{}"), List.of(new PlannedDelivery("billing", orderingKey, skipDead)),
                () -> id("dlv")).messageId();
    }

    private String deliveryOf(String messageId) {
        return store.deliveriesOf(messageId).get(0).id();
    }

    @Test
    void deliveriesOfOneOrderingKeyGoOneAtATimeInOrder() {
        String k1 = ingestKeyed("e1", "cus_1", false);
        String k2 = ingestKeyed("e2", "cus_1", false);
        String k3 = ingestKeyed("e3", "cus_1", false);
        String other = ingestKeyed("e4", "cus_2", false);
        String unkeyed = ingest("e5", "billing").messageId();

        List<ClaimedDelivery> first = TestQueue.claimDue(store, "w", T0, LEASE, 10);
        assertThat(first).extracting(c -> c.message().id()).containsExactlyInAnyOrder(k1, other, unkeyed);
        assertThat(TestQueue.claimDue(store, "w", T0, LEASE, 10)).as("k2 waits while k1 is in flight").isEmpty();

        finish(deliveryOf(k1), new Completion.Succeeded());
        List<ClaimedDelivery> second = TestQueue.claimDue(store, "w", T0, LEASE, 10);
        assertThat(second).extracting(c -> c.message().id()).containsExactly(k2);

        finish(deliveryOf(k2), new Completion.Dead("HTTP 400"));
        assertThat(TestQueue.claimDue(store, "w", T0, LEASE, 10)).as("a dead delivery blocks its key").isEmpty();
        assertThat(TestQueue.nextDueAt(store)).as("blocked k3 is not due; only the leases of the two still in flight are")
                .contains(T0.plus(LEASE));

        store.replay(deliveryOf(k2), T0);
        assertThat(TestQueue.claimDue(store, "w", T0, LEASE, 10)).extracting(c -> c.message().id()).containsExactly(k2);
        finish(deliveryOf(k2), new Completion.Succeeded());
        assertThat(TestQueue.claimDue(store, "w", T0, LEASE, 10)).extracting(c -> c.message().id()).containsExactly(k3);
    }

    @Test
    void aRouteMaySkipDeadDeliveriesOfAKeyOrPurgingOneUnblocksIt() {
        String a1 = ingestKeyed("a1", "k", true);
        String a2 = ingestKeyed("a2", "k", true);
        TestQueue.claimDue(store, "w", T0, LEASE, 10);
        finish(deliveryOf(a1), new Completion.Dead("HTTP 400"));
        assertThat(TestQueue.claimDue(store, "w", T0, LEASE, 10)).extracting(c -> c.message().id()).containsExactly(a2);

        String b1 = ingestKeyed("b1", "j", false);
        String b2 = ingestKeyed("b2", "j", false);
        TestQueue.claimDue(store, "w", T0, LEASE, 10);
        finish(deliveryOf(b1), new Completion.Dead("HTTP 400"));
        assertThat(TestQueue.claimDue(store, "w", T0, LEASE, 10)).isEmpty();
        assertThat(store.purgeDeadLetter(deliveryOf(b1))).isTrue();
        assertThat(TestQueue.claimDue(store, "w", T0, LEASE, 10)).extracting(c -> c.message().id()).containsExactly(b2);
    }

    @Test
    void renewingALeaseKeepsOtherWorkersOffAndOnlyTheHolderMayRenew() {
        ingest("evt_1", "billing");
        ClaimedDelivery d = TestQueue.claimDue(store, "node-a", T0, LEASE, 1).get(0);
        assertThat(store.renewLeases("node-b", List.of(d.id()), T0.plusSeconds(600))).as("not b's lease").isZero();
        assertThat(store.renewLeases("node-a", List.of(d.id()), T0.plusSeconds(600))).isEqualTo(1);
        assertThat(TestQueue.claimDue(store, "node-b", T0.plus(LEASE).plusSeconds(1), LEASE, 1)).as("renewed past the old expiry").isEmpty();
        assertThat(TestQueue.claimDue(store, "node-b", T0.plusSeconds(600), LEASE, 1)).hasSize(1);
    }

    private String ingestAt(String source, String dedupeKey, Instant receivedAt, String... destinations) {
        NewMessage m = new NewMessage(id("msg"), source, dedupeKey, receivedAt, "application/json", Map.of(), "{\"a\":1}".getBytes(StandardCharsets.UTF_8), null);
        return TestQueue.ingest(store, m, List.of(destinations), () -> id("dlv")).messageId();
    }

    /** Claims the one due delivery of each message and completes it as told. */
    private void settle(Map<String, Completion> byMessage, Instant at) {
        for (ClaimedDelivery d : TestQueue.claimDue(store, "w", at, LEASE, 100)) {
            Completion next = byMessage.get(d.message().id());
            if (next == null) {
                store.release("w", d.id(), at, at);
                continue;
            }
            OutcomeClass outcome = next instanceof Completion.Succeeded ? OutcomeClass.SUCCESS
                    : next instanceof Completion.Dead ? OutcomeClass.PERMANENT : OutcomeClass.RETRYABLE;
            store.complete("w", new AttemptRecord(d.id(), d.attemptsMade() + 1, at, Duration.ofMillis(5), outcome,
                    outcome == OutcomeClass.SUCCESS ? 200 : 500, null, null), next, at);
        }
    }

    @Test
    void aDedupeKeyAloneFindsItsMessagesInEverySourceAndWithASourceOnlyThatOne() {
        String a = ingestAt("stripe", "shared_key", T0, "billing");
        String b = ingestAt("github", "shared_key", T0.plusSeconds(1), "billing");
        String c = ingestAt("shopify", "shared_key", T0.plusSeconds(2), "billing");
        ingestAt("github", "other_key", T0.plusSeconds(3), "billing");
        PageRequest all = PageRequest.newestFirst(null, 10);

        assertThat(store.messages(MessageFilter.ALL.dedupeKey("shared_key"), all)).extracting(MessageSummary::id).containsExactly(c, b, a);
        assertThat(store.messages(MessageFilter.ALL.dedupeKey("shared_key").source("github"), all)).extracting(MessageSummary::id)
                .containsExactly(b);
        assertThat(store.messages(MessageFilter.ALL.dedupeKey("shared_key"), PageRequest.newestFirst(c, 10))).as("the next page")
                .extracting(MessageSummary::id).containsExactly(b, a);
        assertThat(store.messages(MessageFilter.ALL.dedupeKey("no_such_key"), all)).isEmpty();
    }

    @Test
    void messagesAreFoundBySourceDedupeKeyAndReceivedTimeNewestFirst() {
        String a = ingestAt("stripe", "evt_a", T0, "billing");
        String b = ingestAt("github", "gh_b", T0.plusSeconds(60), "billing");
        String c = ingestAt("stripe", "evt_c", T0.plusSeconds(120), "billing", "crm");
        PageRequest all = PageRequest.newestFirst(null, 10);

        assertThat(store.messages(MessageFilter.ALL, all)).extracting(MessageSummary::id).containsExactly(c, b, a);
        assertThat(store.messages(MessageFilter.ALL.source("stripe"), all)).extracting(MessageSummary::id).containsExactly(c, a);
        assertThat(store.messages(MessageFilter.ALL.dedupeKey("gh_b"), all)).extracting(MessageSummary::id).containsExactly(b);
        assertThat(store.messages(MessageFilter.ALL.receivedAfter(T0.plusSeconds(60)), all)).as("at or after")
                .extracting(MessageSummary::id).containsExactly(c, b);
        assertThat(store.messages(MessageFilter.ALL.receivedBefore(T0.plusSeconds(60)), all)).as("strictly before")
                .extracting(MessageSummary::id).containsExactly(a);
        assertThat(store.messages(MessageFilter.ALL.source("stripe").receivedAfter(T0.plusSeconds(1)), all))
                .extracting(MessageSummary::id).containsExactly(c);

        MessageSummary summary = store.messages(MessageFilter.ALL.dedupeKey("evt_c"), all).get(0);
        assertThat(summary.source()).isEqualTo("stripe");
        assertThat(summary.receivedAt()).isEqualTo(T0.plusSeconds(120));
        assertThat(summary.bodyBytes()).isEqualTo(7);
        assertThat(summary.deliveries()).containsExactlyEntriesOf(Map.of(DeliveryState.PENDING, 2));
    }

    @Test
    void aMessageMatchesADeliveryStateWhenAnyOfItsDeliveriesIsInIt() {
        String delivered = ingestAt("stripe", "e1", T0, "billing");
        String mixed = ingestAt("stripe", "e2", T0, "billing", "crm");
        String waiting = ingestAt("stripe", "e3", T0, "billing");
        Map<String, Completion> plan = new java.util.HashMap<>(Map.of(delivered, new Completion.Succeeded()));
        settle(plan, T0);
        // mixed: billing dies, crm succeeds (two claims: each message has two deliveries only for mixed)
        for (ClaimedDelivery d : TestQueue.claimDue(store, "w", T0, LEASE, 100)) {
            if (!d.message().id().equals(mixed)) { store.release("w", d.id(), T0, T0); continue; }
            Completion next = d.destination().equals("billing") ? new Completion.Dead("HTTP 400") : new Completion.Succeeded();
            store.complete("w", attempt(d.id(), 1, next instanceof Completion.Dead ? OutcomeClass.PERMANENT : OutcomeClass.SUCCESS,
                    next instanceof Completion.Dead ? 400 : 200), next, T0);
        }
        PageRequest all = PageRequest.newestFirst(null, 10);
        assertThat(store.messages(MessageFilter.ALL.deliveryState(DeliveryState.SUCCEEDED), all)).extracting(MessageSummary::id)
                .containsExactly(mixed, delivered);
        assertThat(store.messages(MessageFilter.ALL.deliveryState(DeliveryState.DEAD), all)).extracting(MessageSummary::id)
                .containsExactly(mixed);
        assertThat(store.messages(MessageFilter.ALL.deliveryState(DeliveryState.PENDING), all)).extracting(MessageSummary::id)
                .containsExactly(waiting);
        assertThat(store.messages(MessageFilter.ALL.deliveryState(DeliveryState.IN_FLIGHT), all)).isEmpty();
        assertThat(store.messages(MessageFilter.ALL.dedupeKey("e2"), all).get(0).deliveries())
                .containsExactlyInAnyOrderEntriesOf(Map.of(DeliveryState.DEAD, 1, DeliveryState.SUCCEEDED, 1));
    }

    @Test
    void keysetPagesNeitherRepeatNorSkipWhileNewMessagesArrive() {
        List<String> before = new ArrayList<>();
        for (int i = 0; i < 7; i++) before.add(ingestAt("stripe", "evt_" + i, T0.plusSeconds(i), "billing"));
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            List<MessageSummary> page = store.messages(MessageFilter.ALL, PageRequest.newestFirst(after, 3));
            page.forEach(m -> seen.add(m.id()));
            after = page.size() == 3 ? page.get(2).id() : null;
            // Newer messages arrive between pages; they belong before the first page, never inside later ones.
            ingestAt("stripe", "new_" + pages++, T0.plusSeconds(100), "billing");
        } while (after != null);
        assertThat(seen).containsExactlyElementsOf(before.reversed());

        List<String> deliveriesSeen = new ArrayList<>();
        after = null;
        do {
            List<DeliveryView> page = store.deliveries(DeliveryFilter.ALL, PageRequest.oldestFirst(after, 4));
            page.forEach(d -> deliveriesSeen.add(d.id()));
            after = page.size() == 4 ? page.get(3).id() : null;
        } while (after != null);
        assertThat(deliveriesSeen).hasSize(7 + pages).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void deliveriesAreListedByDestinationSourceAndState() {
        String m1 = ingestAt("stripe", "e1", T0, "billing", "crm");
        String m2 = ingestAt("github", "g2", T0, "billing");
        settle(Map.of(m1, new Completion.Dead("HTTP 400")), T0);
        PageRequest page = PageRequest.newestFirst(null, 10);

        List<DeliveryView> billing = store.deliveries(DeliveryFilter.ALL.destination("billing"), page);
        assertThat(billing).extracting(DeliveryView::messageId).containsExactly(m2, m1);
        assertThat(store.deliveries(DeliveryFilter.ALL.state(DeliveryState.DEAD), page))
                .extracting(DeliveryView::messageId, DeliveryView::destination)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(m1, "billing"), org.assertj.core.groups.Tuple.tuple(m1, "crm"));
        assertThat(store.deliveries(DeliveryFilter.ALL.destination("billing").state(DeliveryState.PENDING), page))
                .extracting(DeliveryView::messageId).containsExactly(m2);
        assertThat(store.deliveries(DeliveryFilter.ALL.source("github"), page)).extracting(DeliveryView::messageId).containsExactly(m2);
        assertThat(store.deliveries(DeliveryFilter.ALL, PageRequest.newestFirst(billing.get(0).id(), 10)))
                .as("the page after the newest billing delivery").extracting(DeliveryView::id).allMatch(id -> id.compareTo(billing.get(0).id()) < 0)
                .hasSize(2);
    }

    @Test
    void bulkReplayTakesOnlyTheDeadLettersMatchingItsFilter() {
        String early = ingestAt("stripe", "e1", T0, "billing");
        String late = ingestAt("stripe", "e2", T0, "billing");
        String other = ingestAt("github", "g1", T0, "billing");
        String crm = ingestAt("stripe", "e3", T0, "crm");
        settle(Map.of(early, new Completion.Dead("HTTP 400")), T0);
        settle(Map.of(late, new Completion.Dead("HTTP 400"), other, new Completion.Dead("HTTP 400"), crm, new Completion.Dead("HTTP 400")),
                T0.plusSeconds(60));
        Instant now = T0.plusSeconds(120);

        assertThat(store.replayDead(new DeadLetterFilter("nosuch", null, null, null, null), now)).isZero();
        assertThat(store.replayDead(new DeadLetterFilter("billing", "stripe", T0.plusSeconds(30), null, null), now))
                .as("billing, stripe, died at or after T0+30s: only 'late'").isEqualTo(1);
        assertThat(store.deliveriesOf(late).get(0).state()).isEqualTo(DeliveryState.PENDING);
        assertThat(store.deliveriesOf(early).get(0).state()).isEqualTo(DeliveryState.DEAD);
        assertThat(store.replayDead(new DeadLetterFilter(null, null, null, T0.plusSeconds(30), null), now))
                .as("died before T0+30s: only 'early'").isEqualTo(1);
        assertThat(store.deliveriesOf(early).get(0).state()).isEqualTo(DeliveryState.PENDING);

        assertThat(store.replayDead(new DeadLetterFilter(null, null, null, null, 1), now)).as("the limit takes the oldest").isEqualTo(1);
        assertThat(store.deliveriesOf(other).get(0).state()).isEqualTo(DeliveryState.PENDING);
        assertThat(store.deliveriesOf(crm).get(0).state()).isEqualTo(DeliveryState.DEAD);
        DeliveryView replayed = store.deliveriesOf(other).get(0);
        assertThat(replayed.attempts()).isZero();
        assertThat(replayed.nextAttemptAt()).isEqualTo(now);
        assertThat(TestQueue.claimDue(store, "w", now, LEASE, 10)).extracting(ClaimedDelivery::id).contains(replayed.id());
    }

    @Test
    void deadLettersOfARenamedDestinationAreReplayedToItsNewNameKeepingTheirIdsAndMessages() {
        String m1 = ingestAt("stripe", "e1", T0, "ledger");
        String m2 = ingestAt("github", "g1", T0, "ledger");
        String kept = ingestAt("stripe", "e2", T0, "crm");
        settle(Map.of(m1, new Completion.Dead("gone"), m2, new Completion.Dead("gone"), kept, new Completion.Dead("HTTP 400")), T0);
        DeliveryView before = store.deliveriesOf(m1).get(0);
        Instant now = T0.plusSeconds(120);

        assertThat(store.replayDeadTo(new DeadLetterFilter("ledger", "stripe", null, null, null), "ledger2", now))
                .as("the filter holds as for any replay").isEqualTo(new DeadLetters.ReplayedTo(1, 0));
        assertThat(store.replayDeadTo(DeadLetterFilter.ofDestination("ledger"), "ledger2", now)).isEqualTo(new DeadLetters.ReplayedTo(1, 0));
        DeliveryView moved = store.deliveriesOf(m1).get(0);
        assertThat(moved.id()).as("same delivery, same message: the receiver dedupes on webhook-id").isEqualTo(before.id());
        assertThat(moved.destination()).isEqualTo("ledger2");
        assertThat(moved.state()).isEqualTo(DeliveryState.PENDING);
        assertThat(store.attempts(moved.id())).as("its history stays").hasSize(1);
        assertThat(store.deadLetters(Optional.empty(), Optional.empty(), 10)).extracting(DeliveryView::destination).containsExactly("crm");
        assertThat(TestQueue.claimDue(store, "w", now, LEASE, 10)).extracting(ClaimedDelivery::destination, c -> c.message().id())
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("ledger2", m1), org.assertj.core.groups.Tuple.tuple("ledger2", m2));
    }

    @Test
    void aMessageAlreadyDeliveredToTheTargetIsNotReplayedThereASecondTime() {
        // Two removed destinations (ledger, books) replayed into one (ledger2): a message routed to both would otherwise
        // reach ledger2 twice under one webhook-id.
        String both = ingestAt("stripe", "e1", T0, "ledger", "books");
        String onlyBooks = ingestAt("stripe", "e2", T0, "books");
        String there = ingestAt("stripe", "e3", T0, "books", "ledger2");
        settle(Map.of(both, new Completion.Dead("gone"), onlyBooks, new Completion.Dead("gone"), there, new Completion.Dead("gone")), T0);
        Instant now = T0.plusSeconds(120);

        assertThat(store.replayDeadTo(DeadLetterFilter.ofDestination("ledger"), "ledger2", now)).isEqualTo(new DeadLetters.ReplayedTo(1, 0));
        assertThat(store.replayDeadTo(DeadLetterFilter.ofDestination("books"), "ledger2", now))
                .as("e1 is at ledger2 already, and e3 has been (dead there): only e2 moves").isEqualTo(new DeadLetters.ReplayedTo(1, 2));
        assertThat(store.deliveriesOf(both)).extracting(DeliveryView::destination, DeliveryView::state)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("ledger2", DeliveryState.PENDING), org.assertj.core.groups.Tuple.tuple("books", DeliveryState.DEAD));
        assertThat(store.deliveriesOf(onlyBooks)).extracting(DeliveryView::destination).containsExactly("ledger2");
        assertThat(store.deliveriesOf(there)).extracting(DeliveryView::destination).containsExactlyInAnyOrder("books", "ledger2");
        assertThat(store.replayDeadTo(new DeadLetterFilter("books", null, null, null, 1), "ledger2", now))
                .as("the limit counts what can move; nothing can").isEqualTo(new DeadLetters.ReplayedTo(0, 2));
    }

    @Test
    void activityCountsAttemptsAndDeadLettersPerSourceAndDestinationWithinTheWindow() {
        String old = ingestAt("stripe", "old", T0.minusSeconds(3600), "billing");
        settle(Map.of(old, new Completion.Succeeded()), T0.minusSeconds(3600));
        String ok = ingestAt("stripe", "ok", T0, "billing");
        String flaky = ingestAt("stripe", "flaky", T0, "billing");
        String dead = ingestAt("github", "dead", T0, "billing", "crm");
        settle(Map.of(ok, new Completion.Succeeded(), flaky, new Completion.RetryAt(T0.plusSeconds(1))), T0);
        settle(Map.of(flaky, new Completion.Succeeded(), dead, new Completion.Dead("HTTP 400")), T0.plusSeconds(1));

        Activity activity = store.activity(T0.minusSeconds(60));
        assertThat(activity.received()).containsExactlyInAnyOrderEntriesOf(Map.of("stripe", 2L, "github", 1L));
        assertThat(activity.flows()).containsExactlyInAnyOrder(
                new Activity.Flow("github", "billing", 0, 0, 1, 1),
                new Activity.Flow("github", "crm", 0, 0, 1, 1),
                new Activity.Flow("stripe", "billing", 2, 1, 0, 0));
        assertThat(store.activity(T0.plusSeconds(1)).flows()).as("only the second round")
                .extracting(Activity.Flow::source, Activity.Flow::destination, Activity.Flow::attempts)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("github", "billing", 1L),
                        org.assertj.core.groups.Tuple.tuple("github", "crm", 1L), org.assertj.core.groups.Tuple.tuple("stripe", "billing", 1L));
    }

    /** How one delivery's attempt ends, for {@link #attemptAt}. */
    private record Try(OutcomeClass outcome, long millis, Completion next) {}

    /** Claims what is due at {@code at}; completes the deliveries named in {@code plan} ("message/destination"), releases the rest. */
    private void attemptAt(Instant at, Map<String, Try> plan) {
        for (ClaimedDelivery d : TestQueue.claimDue(store, "w", at, LEASE, 100)) {
            Try t = plan.get(d.message().id() + "/" + d.destination());
            if (t == null) {
                store.release("w", d.id(), at, at);
                continue;
            }
            store.complete("w", new AttemptRecord(d.id(), d.attemptsMade() + 1, at, Duration.ofMillis(t.millis()), t.outcome(),
                    t.outcome() == OutcomeClass.SUCCESS ? 200 : 500, null, null), t.next(), at);
        }
    }

    @Test
    void theActivitySeriesCountsEachBucketAndTheBacklogAtItsEnd() {
        Instant s = T0; // three buckets of a minute: [s, s+60), [s+60, s+120), [s+120, s+180)
        String waiting = ingestAt("stripe", "waiting", s.minusSeconds(120), "billing");  // never attempted
        String early = ingestAt("stripe", "early", s.minusSeconds(30), "crm");          // delivered in the first bucket
        String a = ingestAt("stripe", "a", s.plusSeconds(10), "billing");
        String b = ingestAt("stripe", "b", s.plusSeconds(15), "billing", "crm");
        String c = ingestAt("github", "c", s.plusSeconds(65), "billing");
        String e = ingestAt("stripe", "e", s.plusSeconds(100), "crm");                  // never attempted
        String d = ingestAt("github", "d", s.plusSeconds(125), "crm");                  // never attempted
        attemptAt(s.plusSeconds(5), Map.of(early + "/crm", new Try(OutcomeClass.SUCCESS, 1234, new Completion.Succeeded())));
        attemptAt(s.plusSeconds(20), Map.of(
                a + "/billing", new Try(OutcomeClass.SUCCESS, 10, new Completion.Succeeded()),
                b + "/billing", new Try(OutcomeClass.RETRYABLE, 30, new Completion.RetryAt(s.plusSeconds(70))),
                b + "/crm", new Try(OutcomeClass.PERMANENT, 40, new Completion.Dead("HTTP 400"))));
        attemptAt(s.plusSeconds(70), Map.of(b + "/billing", new Try(OutcomeClass.SUCCESS, 20, new Completion.Succeeded())));
        attemptAt(s.plusSeconds(130), Map.of(c + "/billing", new Try(OutcomeClass.RETRYABLE, 250, new Completion.Dead("retries exhausted"))));
        assertThat(List.of(waiting, e, d)).doesNotContainNull();

        SeriesQuery all = SeriesQuery.of(s, Duration.ofMinutes(1), 3);
        // Latency: bucket 0 had 10, 30, 40 and 1234 ms (p99 is the largest of the class 1200-1299); 250 ms is in 250-259.
        // Backlog at each end: waiting and b/billing at s+60; waiting, c and e at s+120; waiting, e and d at s+180.
        assertThat(store.series(all)).containsExactly(
                new SeriesBucket(s, 2, 2, 2, 1, 30L, 1299L, 2),
                new SeriesBucket(s.plusSeconds(60), 2, 1, 0, 0, 20L, 20L, 3),
                new SeriesBucket(s.plusSeconds(120), 1, 0, 1, 1, 259L, 259L, 3));
        assertThat(store.series(SeriesQuery.of(s, Duration.ofMinutes(1), 2))).as("a series ending before the last activity")
                .isEqualTo(store.series(all).subList(0, 2));
        assertThat(store.series(all.source("github"))).containsExactly(
                new SeriesBucket(s, 0, 0, 0, 0, null, null, 0),
                new SeriesBucket(s.plusSeconds(60), 1, 0, 0, 0, null, null, 1),
                new SeriesBucket(s.plusSeconds(120), 1, 0, 1, 1, 259L, 259L, 1));
        assertThat(store.series(all.destination("crm"))).as("received: messages routed to crm").containsExactly(
                new SeriesBucket(s, 1, 1, 1, 1, 40L, 1299L, 0),
                new SeriesBucket(s.plusSeconds(60), 1, 0, 0, 0, null, null, 1),
                new SeriesBucket(s.plusSeconds(120), 1, 0, 0, 0, null, null, 2));
        assertThat(store.series(all.source("stripe").destination("billing"))).extracting(SeriesBucket::received, SeriesBucket::delivered,
                SeriesBucket::failed, SeriesBucket::backlog).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2L, 1L, 1L, 2L),
                org.assertj.core.groups.Tuple.tuple(0L, 1L, 0L, 1L),
                org.assertj.core.groups.Tuple.tuple(0L, 0L, 0L, 1L));
    }

    @Test
    void seriesPercentilesAreExactBelow100MsAndAtMostTenPercentHighAbove() {
        String m = ingestAt("stripe", "many", T0, "billing");
        for (long millis : new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 97, 105, 4321}) {
            ClaimedDelivery d = TestQueue.claimDue(store, "w", T0, LEASE, 1).get(0);
            assertThat(d.message().id()).isEqualTo(m);
            store.complete("w", new AttemptRecord(d.id(), d.attemptsMade() + 1, T0, Duration.ofMillis(millis), OutcomeClass.RETRYABLE,
                    503, null, null), new Completion.RetryAt(T0), T0);
        }
        SeriesBucket bucket = store.series(SeriesQuery.of(T0, Duration.ofSeconds(10), 1)).get(0);
        assertThat(bucket.failed()).isEqualTo(12);
        assertThat(bucket.latencyP50Ms()).as("6th of 12").isEqualTo(6L);
        assertThat(bucket.latencyP99Ms()).as("12th of 12: 4321 ms is in 4300-4399").isEqualTo(4399L);
        assertThat(bucket.backlog()).isEqualTo(1);
    }

    @Test
    void backlogCountsPendingDueInFlightAndDeadPerDestination() {
        String later = ingestAt("stripe", "later", T0, "billing");
        String dead = ingestAt("stripe", "dead", T0, "billing");
        settle(Map.of(later, new Completion.RetryAt(T0.plusSeconds(600)), dead, new Completion.Dead("HTTP 400")), T0);
        ingestAt("stripe", "due", T0, "billing", "crm");
        ingestAt("stripe", "leased", T0, "crm");
        assertThat(store.claimDue("w", T0, LEASE, 10, Set.of("billing"))).as("both crm deliveries leased").hasSize(2);

        assertThat(store.backlog(T0.plusSeconds(1))).extracting(DestinationBacklog::destination, DestinationBacklog::pending,
                DestinationBacklog::due, DestinationBacklog::inFlight, DestinationBacklog::dead).containsExactly(
                org.assertj.core.groups.Tuple.tuple("billing", 2L, 1L, 0L, 1L),
                org.assertj.core.groups.Tuple.tuple("crm", 0L, 0L, 2L, 0L));
        assertThat(store.backlog(T0.plusSeconds(600))).first().extracting(DestinationBacklog::pending, DestinationBacklog::due)
                .isEqualTo(List.of(2L, 2L));
    }

    @Test
    void theBacklogCountsPendingDueInFlightAndDeadPerDestination() {
        ingest("evt_1", "billing", "crm");
        ingest("evt_2", "billing");
        store.claimDue("w", T0, LEASE, 10, Set.of("billing"));            // crm's one is in flight
        String dead = store.claimDue("w", T0, LEASE, 1, Set.of()).get(0).id();
        finish(dead, new Completion.Dead("HTTP 400"));                    // one of billing's is dead
        ingest("evt_3", "billing");

        Map<String, DestinationBacklog> byDestination = new java.util.HashMap<>();
        store.backlog(T0.plusSeconds(5)).forEach(b -> byDestination.put(b.destination(), b));
        assertThat(byDestination.get("billing")).isEqualTo(new DestinationBacklog("billing", 2, 2, 0, 1, T0));
        assertThat(byDestination.get("crm")).isEqualTo(new DestinationBacklog("crm", 0, 0, 1, 0, null));
        assertThat(store.backlog(T0.minusSeconds(1))).as("nothing is due before it was received")
                .filteredOn(b -> b.destination().equals("billing")).extracting(DestinationBacklog::due, DestinationBacklog::oldestDueAt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, null));
    }

    private static ApiKey newKey(String name, ApiKey.Role role) {
        return new ApiKey(name, role, "jk_" + name.charAt(0), T0, null, null);
    }

    @Test
    void anApiKeyIsFoundByItsHashAndListedWithoutIt() {
        assertThat(store.createApiKey(newKey("ci", ApiKey.Role.READ), "hash-ci")).isTrue();
        assertThat(store.createApiKey(newKey("ops", ApiKey.Role.ADMIN), "hash-ops")).isTrue();

        assertThat(store.apiKeyByHash("hash-ops")).contains(new ApiKey("ops", ApiKey.Role.ADMIN, "jk_o", T0, null, null));
        assertThat(store.apiKeyByHash("hash-nope")).isEmpty();
        assertThat(store.apiKeys()).extracting(ApiKey::name, ApiKey::role)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ci", ApiKey.Role.READ),
                        org.assertj.core.groups.Tuple.tuple("ops", ApiKey.Role.ADMIN));
    }

    @Test
    void anApiKeyNameIsTakenForGoodEvenAfterRevocation() {
        assertThat(store.createApiKey(newKey("ci", ApiKey.Role.READ), "hash-1")).isTrue();
        assertThat(store.createApiKey(newKey("ci", ApiKey.Role.ADMIN), "hash-2")).isFalse();
        assertThat(store.revokeApiKey("ci", T0)).isTrue();
        assertThat(store.createApiKey(newKey("ci", ApiKey.Role.ADMIN), "hash-3")).isFalse();
        assertThat(store.apiKeys()).singleElement().extracting(ApiKey::role).isEqualTo(ApiKey.Role.READ);
        assertThat(store.apiKeyByHash("hash-2")).isEmpty();
    }

    @Test
    void aRevokedApiKeyIsStillFoundButMarkedRevoked() throws Exception {
        store.createApiKey(newKey("ci", ApiKey.Role.ADMIN), "hash-ci");
        assertThat(store.revokeApiKey("ci", T0.plusSeconds(60))).isTrue();
        assertThat(store.revokeApiKey("ci", T0.plusSeconds(120))).as("already revoked").isFalse();
        assertThat(store.revokeApiKey("nope", T0)).isFalse();
        reopen();
        ApiKey revoked = store.apiKeyByHash("hash-ci").orElseThrow();
        assertThat(revoked.revoked()).isTrue();
        assertThat(revoked.revokedAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void theLastUseOfAnApiKeyIsRecorded() {
        store.createApiKey(newKey("ci", ApiKey.Role.READ), "hash-ci");
        assertThat(store.apiKeys().get(0).lastUsedAt()).isNull();
        store.apiKeyUsed("ci", T0.plusSeconds(90));
        assertThat(store.apiKeyByHash("hash-ci").orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(90));
    }

    @Test
    void pingAnswers() {
        assertThat(store.ping()).isTrue();
    }

    private static AttemptRecord attempt(String deliveryId, int number, OutcomeClass outcome, int status) {
        return new AttemptRecord(deliveryId, number, T0, Duration.ofMillis(10), outcome, status, null, null);
    }
}
