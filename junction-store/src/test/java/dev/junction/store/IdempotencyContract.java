package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.IdempotencyRecord.Response;
import dev.junction.store.IdempotencyRecord.State;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Idempotency keys: claimed once, completed with a response, found again, taken over when their holder died
 * or they expired, pruned. Part of {@link StoreContract}, so it runs on every engine.
 */
interface IdempotencyContract {

    Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    Duration LOCK = Duration.ofSeconds(60);
    Duration TTL = Duration.ofHours(24);
    String SCOPE = "ops POST /api/v1/dead-letters/replay";

    /** The store under test. */
    Store store();

    private Optional<IdempotencyRecord> claim(String key, String fingerprint, Instant at) {
        return store().claimIdempotencyKey(SCOPE, key, fingerprint, at, LOCK, TTL);
    }

    private static Response created(String body) {
        return new Response(201, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    default void theFirstClaimWinsAndASecondSeesItInFlight() {
        assertThat(claim("k1", "fp-a", NOW)).isEmpty();
        IdempotencyRecord held = claim("k1", "fp-a", NOW.plusSeconds(1)).orElseThrow();
        assertThat(held.state()).isEqualTo(State.IN_FLIGHT);
        assertThat(held.fingerprint()).isEqualTo("fp-a");
        assertThat(held.response()).isNull();
        assertThat(held.lockedUntil()).isEqualTo(NOW.plus(LOCK));
        assertThat(held.expiresAt()).isEqualTo(NOW.plus(TTL));
        assertThat(held.createdAt()).isEqualTo(NOW);
    }

    @Test
    default void aCompletedKeyIsFoundWithItsResponseByteForByte() {
        claim("k1", "fp-a", NOW);
        byte[] body = {'{', '}', 0, (byte) 0xff};
        assertThat(store().completeIdempotencyKey(SCOPE, "k1", "fp-a", new Response(500, null, body))).isTrue();
        IdempotencyRecord done = claim("k1", "fp-a", NOW.plusSeconds(5)).orElseThrow();
        assertThat(done.state()).isEqualTo(State.COMPLETED);
        assertThat(done.response().status()).isEqualTo(500);
        assertThat(done.response().contentType()).isNull();
        assertThat(done.response().body()).isEqualTo(body);
        assertThat(done.lockedUntil()).isNull();
        assertThat(store().idempotencyKey(SCOPE, "k1")).get().extracting(IdempotencyRecord::state).isEqualTo(State.COMPLETED);
        assertThat(store().completeIdempotencyKey(SCOPE, "k1", "fp-a", created("{}"))).as("completed once only").isFalse();
    }

    @Test
    default void aClaimWithAnotherFingerprintWinsNothingAndShowsTheFirst() {
        claim("k1", "fp-a", NOW);
        store().completeIdempotencyKey(SCOPE, "k1", "fp-a", created("{\"a\":1}"));
        assertThat(claim("k1", "fp-b", NOW.plusSeconds(1))).get().extracting(IdempotencyRecord::fingerprint).isEqualTo("fp-a");
        assertThat(store().completeIdempotencyKey(SCOPE, "k1", "fp-b", created("{}"))).isFalse();
    }

    @Test
    default void keysAreIndependentAcrossScopes() {
        assertThat(claim("k1", "fp-a", NOW)).isEmpty();
        assertThat(store().claimIdempotencyKey("ci POST /api/v1/dead-letters/replay", "k1", "fp-a", NOW, LOCK, TTL)).isEmpty();
        assertThat(store().claimIdempotencyKey(SCOPE, "k2", "fp-a", NOW, LOCK, TTL)).isEmpty();
    }

    @Test
    default void aClaimWhoseHolderDiedIsTakenOverForTheSameRequestOnly() {
        claim("k1", "fp-a", NOW);
        Instant afterLock = NOW.plus(LOCK);
        assertThat(claim("k1", "fp-b", afterLock)).as("another request does not take it over").isPresent();
        assertThat(claim("k1", "fp-a", afterLock.minusMillis(1))).as("the lock still holds").isPresent();
        assertThat(claim("k1", "fp-a", afterLock)).isEmpty();
        assertThat(store().idempotencyKey(SCOPE, "k1").orElseThrow().lockedUntil()).isEqualTo(afterLock.plus(LOCK));
    }

    @Test
    default void anExpiredKeyIsClaimedAfreshEvenForAnotherRequest() {
        claim("k1", "fp-a", NOW);
        store().completeIdempotencyKey(SCOPE, "k1", "fp-a", created("{}"));
        assertThat(claim("k1", "fp-b", NOW.plus(TTL).minusMillis(1))).isPresent();
        assertThat(claim("k1", "fp-b", NOW.plus(TTL))).isEmpty();
        IdempotencyRecord fresh = store().idempotencyKey(SCOPE, "k1").orElseThrow();
        assertThat(fresh.state()).isEqualTo(State.IN_FLIGHT);
        assertThat(fresh.fingerprint()).isEqualTo("fp-b");
        assertThat(fresh.response()).isNull();
    }

    @Test
    default void aReleasedClaimLetsTheNextRequestRun() {
        claim("k1", "fp-a", NOW);
        assertThat(store().releaseIdempotencyKey(SCOPE, "k1", "fp-a")).isTrue();
        assertThat(store().idempotencyKey(SCOPE, "k1")).isEmpty();
        assertThat(claim("k1", "fp-a", NOW)).isEmpty();
        store().completeIdempotencyKey(SCOPE, "k1", "fp-a", created("{}"));
        assertThat(store().releaseIdempotencyKey(SCOPE, "k1", "fp-a")).as("a completed key stays").isFalse();
    }

    @Test
    default void pruningDeletesExpiredKeysBatchByBatch() {
        for (int i = 0; i < 5; i++) claim("k" + i, "fp", NOW.plusSeconds(i));
        Instant later = NOW.plus(TTL).plusSeconds(2); // keys 0, 1 and 2 have expired
        assertThat(store().pruneIdempotencyKeys(later, 2)).isEqualTo(2);
        assertThat(store().pruneIdempotencyKeys(later, 2)).isEqualTo(1);
        assertThat(store().pruneIdempotencyKeys(later, 2)).isZero();
        assertThat(store().idempotencyKey(SCOPE, "k2")).isEmpty();
        assertThat(store().idempotencyKey(SCOPE, "k3")).isPresent();
    }

    @Test
    default void ofConcurrentClaimsOfOneKeyExactlyOneWins() throws Exception {
        int threads = 8;
        for (int round = 0; round < 5; round++) {
            String key = "race-" + round;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Optional<IdempotencyRecord>>> results = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return claim(key, "fp", NOW);
                    }));
                }
                start.countDown();
                int won = 0;
                for (var f : results) {
                    Optional<IdempotencyRecord> r = f.get();
                    if (r.isEmpty()) won++;
                    else assertThat(r.get().state()).isEqualTo(State.IN_FLIGHT);
                }
                assertThat(won).as("winners of " + key).isEqualTo(1);
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    default void ofConcurrentTakeoversOfADeadClaimExactlyOneWins() throws Exception {
        claim("stale", "fp", NOW);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Optional<IdempotencyRecord>>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return claim("stale", "fp", NOW.plus(LOCK).plusSeconds(1));
                }));
            }
            start.countDown();
            int won = 0;
            for (var f : results) if (f.get().isEmpty()) won++;
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdown();
        }
    }
}
