package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Signing keys: the first stored wins and every later caller gets it. Part of {@link StoreContract}, so it runs on every engine. */
interface SigningKeysContract {

    Instant AT = Instant.parse("2026-11-23T10:00:00Z");

    Store store();

    @Test
    default void theFirstKeyStoredIsTheOneEveryCallerGets() {
        assertThat(store().signingKey("portal", "key-one", AT)).isEqualTo("key-one");
        assertThat(store().signingKey("portal", "key-two", AT.plusSeconds(5))).isEqualTo("key-one");
        assertThat(store().signingKey("other", "key-three", AT)).as("a key per purpose").isEqualTo("key-three");
    }

    @Test
    default void nodesRacingToStoreAKeyAllGetTheSameOne() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> racers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String candidate = "candidate-" + i;
                racers.add(() -> store().signingKey("portal", candidate, AT));
            }
            List<String> got = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(racers)) got.add(f.get());
            assertThat(got).hasSize(16).containsOnly(got.get(0));
            assertThat(got.get(0)).startsWith("candidate-");
        } finally {
            pool.shutdown();
        }
    }
}
