package dev.junction.client.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.junction.client.ManualClock;
import dev.junction.client.jdbc.TestDatabases;
import dev.junction.core.model.UuidV7;
import dev.junction.core.retry.OutcomeClass;
import dev.junction.core.retry.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The outbox and its relays on real PostgreSQL, MariaDB and SQLite, stepped by hand on a manual clock. */
class OutboxTest {

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-30T12:00:00Z"));
    private final RelayConfig config = new RelayConfig(10, Duration.ofSeconds(30), Duration.ofSeconds(1),
            new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(10), 2.0));
    private HikariDataSource db;
    private Outbox outbox;

    /** Sends nowhere; counts what it was given, by id, and keeps the order of ids. */
    private static final class Recording implements OutboxSender {
        final Map<String, AtomicInteger> sends = new ConcurrentHashMap<>();
        final List<String> order = Collections.synchronizedList(new ArrayList<>());

        @Override
        public OutcomeClass send(OutboxMessage m) {
            sends.computeIfAbsent(m.id(), k -> new AtomicInteger()).incrementAndGet();
            order.add(new String(m.payload(), StandardCharsets.UTF_8));
            return OutcomeClass.SUCCESS;
        }
    }

    /** Stands for the relay's process dying: an Error nothing in the relay catches. */
    private static final class Killed extends Error {}

    @AfterEach
    void close() {
        if (db != null) db.close();
    }

    private void open(TestDatabases.Kind kind) {
        db = TestDatabases.fresh(kind, dir);
        outbox = new Outbox(db, clock, new UuidV7(clock, new SplittableRandom(3)));
    }

    private List<String> addCommitted(int n, String orderingKey) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            for (int i = 0; i < n; i++) {
                OutboxEvent e = OutboxEvent.json("billing", "invoice.paid", "{\"n\":" + i + "}");
                ids.add(outbox.add(c, orderingKey == null ? e : e.orderedBy(orderingKey)));
            }
            c.commit();
        }
        return ids;
    }

    private OutboxRelay relay(OutboxSender sender) {
        return new OutboxRelay(outbox, sender, config, new SplittableRandom(9));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void anEventIsSentOnlyIfItsTransactionCommitted(TestDatabases.Kind kind) throws Exception {
        open(kind);
        String rolledBack;
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            rolledBack = outbox.add(c, OutboxEvent.json("billing", "invoice.paid", "{\"n\":-1}"));
            c.rollback();
        }
        List<String> committed = addCommitted(1, null);
        Recording sender = new Recording();
        relay(sender).runOnce();
        assertThat(sender.sends.keySet()).containsExactly(committed.get(0)).doesNotContain(rolledBack);
        assertThat(outbox.state(committed.get(0))).contains(Outbox.State.SENT);
        assertThat(outbox.state(rolledBack)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void twoRelaysShareOneTableAndSendEachEventOnce(TestDatabases.Kind kind) throws Exception {
        open(kind);
        List<String> ids = addCommitted(200, null);
        Recording sender = new Recording();
        List<OutboxRelay> relays = List.of(relay(sender), relay(sender));
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<Integer>> runs = new ArrayList<>();
            for (OutboxRelay relay : relays) {
                runs.add(pool.submit(() -> {
                    int taken = 0;
                    for (int n; (n = relay.runOnce()) > 0; ) taken += n;
                    return taken;
                }));
            }
            int taken = 0;
            for (Future<Integer> run : runs) taken += run.get();
            assertThat(taken).isEqualTo(200);
        }
        assertThat(sender.sends.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(sender.sends.values()).allSatisfy(n -> assertThat(n).hasValue(1));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aBatchWhoseSendsOutlastTheLeaseKeepsItAndIsNotSentAgainByAnotherRelay(TestDatabases.Kind kind) throws Exception {
        open(kind);
        List<String> ids = addCommitted(6, null);
        Recording delivered = new Recording();
        OutboxRelay other = relay(delivered);
        List<Integer> takenByOther = new ArrayList<>();
        // Each send takes 12 s of a 30 s lease: the batch of 6 takes 72 s. The other relay looks after every send.
        OutboxRelay slow = relay(m -> {
            delivered.send(m);
            clock.advance(Duration.ofSeconds(12));
            takenByOther.add(other.runOnce());
            return OutcomeClass.SUCCESS;
        });

        assertThat(slow.runOnce()).isEqualTo(6);

        assertThat(takenByOther).containsOnly(0);
        assertThat(delivered.sends.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(delivered.sends.values()).allSatisfy(n -> assertThat(n).hasValue(1));
        assertThat(ids).allSatisfy(id -> assertThat(outbox.state(id)).contains(Outbox.State.SENT));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aBatchWhoseTailWasTakenOverSkipsItInsteadOfSendingItTwice(TestDatabases.Kind kind) throws Exception {
        open(kind);
        List<String> ids = addCommitted(3, null);
        Recording delivered = new Recording();
        OutboxRelay other = relay(delivered);
        // One send hangs past the whole lease (a timeout longer than half the lease): the other relay takes the rest.
        OutboxRelay stuck = relay(m -> {
            delivered.send(m);
            if (delivered.sends.size() == 1) {
                clock.advance(config.lease().plusSeconds(1));
                assertThat(other.runOnce()).isEqualTo(3); // the first too: it was in flight, and is sent again (same key)
            }
            return OutcomeClass.SUCCESS;
        });

        stuck.runOnce();

        assertThat(delivered.sends.get(ids.get(0))).hasValue(2);
        assertThat(delivered.sends.get(ids.get(1))).hasValue(1);
        assertThat(delivered.sends.get(ids.get(2))).hasValue(1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aRelayKilledMidBatchLosesNothingAndOnlyTheSendInFlightIsRepeated(TestDatabases.Kind kind) throws Exception {
        open(kind);
        List<String> ids = addCommitted(10, null);
        Recording delivered = new Recording();
        AtomicInteger calls = new AtomicInteger();
        OutboxRelay dying = relay(m -> {
            delivered.send(m);
            if (calls.incrementAndGet() == 4) throw new Killed(); // the 4th was sent, but its relay died before recording it
            return OutcomeClass.SUCCESS;
        });
        assertThatThrownBy(dying::runOnce).isInstanceOf(Killed.class);

        OutboxRelay survivor = relay(delivered);
        assertThat(survivor.runOnce()).as("the dead relay's batch is leased: nothing is due yet").isZero();
        clock.advance(config.lease());
        while (survivor.runOnce() > 0) {
            // drain
        }
        assertThat(delivered.sends.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(delivered.sends.entrySet()).filteredOn(e -> e.getValue().get() > 1).singleElement()
                .satisfies(e -> assertThat(e.getKey()).isEqualTo(ids.get(3)));
        assertThat(ids).allSatisfy(id -> assertThat(outbox.state(id)).contains(Outbox.State.SENT));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void failedSendsBackOffThenTheEventIsDeadUntilReplayed(TestDatabases.Kind kind) throws Exception {
        open(kind);
        String id = addCommitted(1, null).get(0);
        OutboxRelay failing = relay(m -> OutcomeClass.RETRYABLE);
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(failing.runOnce()).as("attempt " + attempt).isEqualTo(1);
            assertThat(failing.runOnce()).as("backing off").isZero();
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(outbox.state(id)).contains(Outbox.State.DEAD);
        assertThat(failing.runOnce()).isZero();

        assertThat(outbox.replay(id)).isTrue();
        Recording sender = new Recording();
        relay(sender).runOnce();
        assertThat(sender.sends).containsOnlyKeys(id);
        assertThat(outbox.state(id)).contains(Outbox.State.SENT);
        assertThat(outbox.replay(id)).as("only a dead event is replayed").isFalse();
    }

    /** A fault that killed every event at once (a revoked API key: 401 to each) is undone in one call, per destination. */
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void everyDeadEventOfADestinationIsReplayedAtOnce(TestDatabases.Kind kind) throws Exception {
        open(kind);
        List<String> ids = addCommitted(3, null);
        relay(m -> OutcomeClass.PERMANENT).runOnce();
        assertThat(ids).allSatisfy(id -> assertThat(outbox.state(id)).contains(Outbox.State.DEAD));
        assertThat(outbox.replayDead("elsewhere")).isZero();
        assertThat(outbox.replayDead("billing")).isEqualTo(3);
        Recording sender = new Recording();
        relay(sender).runOnce();
        assertThat(sender.sends.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(outbox.replayDead(null)).as("none is dead now").isZero();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void eventsWithOneOrderingKeyGoOneAtATimeInOrder(TestDatabases.Kind kind) throws Exception {
        open(kind);
        addCommitted(3, "order-7");
        String other;
        try (Connection c = db.getConnection()) {
            other = outbox.add(c, OutboxEvent.json("billing", "invoice.sent", "{\"other\":1}"));
        }
        Set<String> failedOnce = new HashSet<>();
        Recording sender = new Recording();
        OutboxRelay relay = relay(m -> {
            if (failedOnce.add(m.id()) && new String(m.payload(), StandardCharsets.UTF_8).equals("{\"n\":0}")) return OutcomeClass.RETRYABLE;
            return sender.send(m);
        });
        assertThat(relay.runOnce()).as("the key's first event and the unordered one").isEqualTo(2);
        assertThat(sender.sends).containsOnlyKeys(other);
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(10));
            relay.runOnce();
        }
        assertThat(sender.order).containsExactly("{\"other\":1}", "{\"n\":0}", "{\"n\":1}", "{\"n\":2}");
    }

    /** An Error from a sender (a bug, a missing class) fails that send; the started relay carries on with the next pass. */
    @org.junit.jupiter.api.Test
    void anErrorFromTheSenderDoesNotStopTheRunningRelay() throws Exception {
        open(TestDatabases.Kind.SQLITE);
        String id = addCommitted(1, null).get(0);
        AtomicInteger calls = new AtomicInteger();
        OutboxSender sender = m -> {
            if (calls.incrementAndGet() == 1) throw new AssertionError("a bug in the sender");
            return OutcomeClass.SUCCESS;
        };
        RelayConfig quick = new RelayConfig(10, Duration.ofSeconds(30), Duration.ofMillis(20), config.retry());
        try (OutboxRelay relay = new OutboxRelay(outbox, sender, quick, new SplittableRandom(9))) {
            relay.start();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> calls.get() == 1);
            clock.advance(Duration.ofSeconds(31)); // the lease of the failed send passes
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> outbox.state(id).equals(java.util.Optional.of(Outbox.State.SENT)));
        }
    }
}
