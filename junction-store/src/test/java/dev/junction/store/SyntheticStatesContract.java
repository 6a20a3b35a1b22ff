package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.SyntheticResult.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What synthetic probes keep: a run claimed by one node, the next run moved on so nobody sends again before it, a
 * canary in flight taken over when its holder's lease passes, results with the last success. Part of {@link StoreContract}.
 */
interface SyntheticStatesContract {

    Instant T0 = Instant.parse("2026-11-30T22:00:00Z");
    Duration EVERY = Duration.ofMinutes(5);
    Duration LEASE = Duration.ofSeconds(60);
    AtomicInteger PROBE_SEQUENCE = new AtomicInteger();

    Store store();

    private static String probe() {
        return "probe-" + PROBE_SEQUENCE.incrementAndGet() + "-" + System.nanoTime();
    }

    @Test
    default void aNewProbeIsDueAtOnceAndThenNotUntilItsNextRun() {
        String probe = probe();
        Optional<SyntheticState> claimed = store().claimSyntheticRun(probe, "a", T0, T0.plus(EVERY), LEASE);
        assertThat(claimed).isPresent();
        assertThat(claimed.get().owner()).isEqualTo("a");
        assertThat(claimed.get().nextRunAt()).isEqualTo(T0.plus(EVERY));
        assertThat(store().finishSyntheticRun(probe, "a", new SyntheticResult(Outcome.DELIVERED, Duration.ofMillis(420), null, T0.plusSeconds(1))))
                .isTrue();

        assertThat(store().claimSyntheticRun(probe, "b", T0.plusSeconds(10), T0.plusSeconds(10).plus(EVERY), LEASE))
                .as("not due yet, whoever asks (a restarted node too)").isEmpty();
        assertThat(store().claimSyntheticRun(probe, "b", T0.plus(EVERY), T0.plus(EVERY).plus(EVERY), LEASE)).isPresent();

        SyntheticState state = store().syntheticState(probe).orElseThrow();
        assertThat(state.last().outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(state.last().e2e()).isEqualTo(Duration.ofMillis(420));
        assertThat(state.lastSuccess()).isEqualTo(T0.plusSeconds(1));
        assertThat(state.runs()).isEqualTo(1);
        assertThat(state.owner()).isEqualTo("b");
    }

    @Test
    default void aCanaryInFlightIsTakenOverOnlyOnceItsHoldersLeasePasses() {
        String probe = probe();
        store().claimSyntheticRun(probe, "a", T0, T0.plus(EVERY), LEASE).orElseThrow();
        assertThat(store().syntheticSent(probe, "a", "syn_1", "msg_1", T0.plusMillis(5))).isTrue();

        assertThat(store().claimSyntheticRun(probe, "b", T0.plusSeconds(30), T0.plus(EVERY), LEASE)).as("a still holds it").isEmpty();
        Optional<SyntheticState> taken = store().claimSyntheticRun(probe, "b", T0.plus(LEASE), T0.plus(LEASE).plus(EVERY), LEASE);
        assertThat(taken).isPresent();
        assertThat(taken.get().messageId()).isEqualTo("msg_1");
        assertThat(taken.get().canaryId()).isEqualTo("syn_1");
        assertThat(taken.get().sentAt()).isEqualTo(T0.plusMillis(5));
        assertThat(taken.get().nextRunAt()).as("judging a canary in flight does not move the schedule").isEqualTo(T0.plus(EVERY));

        assertThat(store().finishSyntheticRun(probe, "a", new SyntheticResult(Outcome.DELIVERED, Duration.ZERO, null, T0))).as("a lost it").isFalse();
        assertThat(store().finishSyntheticRun(probe, "b", new SyntheticResult(Outcome.LATE, null, "billing pending", T0.plus(LEASE)))).isTrue();
        SyntheticState state = store().syntheticState(probe).orElseThrow();
        assertThat(state.inFlight()).isFalse();
        assertThat(state.owner()).isNull();
        assertThat(state.failures()).isEqualTo(1);
        assertThat(state.lastSuccess()).isNull();
        assertThat(state.last().detail()).isEqualTo("billing pending");
    }

    @Test
    default void releasedLeasesKeepTheCanaryForTheNextHolder() {
        String probe = probe();
        store().claimSyntheticRun(probe, "a", T0, T0.plus(EVERY), LEASE).orElseThrow();
        store().syntheticSent(probe, "a", "syn_1", "msg_1", T0);
        assertThat(store().releaseSyntheticLeases("a")).isEqualTo(1);
        Optional<SyntheticState> taken = store().claimSyntheticRun(probe, "b", T0.plusSeconds(1), T0.plus(EVERY), LEASE);
        assertThat(taken).isPresent();
        assertThat(taken.get().messageId()).isEqualTo("msg_1");
    }

    @Test
    default void ofConcurrentClaimersOfADueRunExactlyOneWins() throws Exception {
        String probe = probe();
        int takers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(takers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < takers; i++) {
            String owner = "node-" + i;
            results.add(pool.submit(() -> {
                start.await();
                return store().claimSyntheticRun(probe, owner, T0, T0.plus(EVERY), LEASE).isPresent();
            }));
        }
        start.countDown();
        int won = 0;
        for (Future<Boolean> r : results) if (r.get()) won++;
        pool.shutdown();
        assertThat(won).isEqualTo(1);
    }
}
