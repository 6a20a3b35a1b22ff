package dev.junction.bench.jmh;

import dev.junction.bench.Payloads;
import dev.junction.bench.RawInsert;
import dev.junction.bench.Target;
import dev.junction.store.ClaimedDelivery;
import dev.junction.store.jdbc.JdbcStore;
import dev.junction.store.jdbc.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JdbcStore.claimDue on SQLite (the embedded store's real settings: WAL, synchronous=FULL, one pooled
 * connection) with a pre-filled backlog of {@code backlog} due deliveries: one call leases {@code limit}
 * deliveries (16 = the dispatcher's default workers) and reads their messages, in one durable
 * transaction. The lease is 0 s, so what a call claims is due again at once (as an expired lease) and
 * the due set stays at {@code backlog} rows for the whole run; the backlog is also put back to PENDING
 * before each iteration. {@code shortClaims} counts calls that found fewer than {@code limit} due
 * (should be 0).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ClaimBench {

    @Param({"1000", "20000"})
    public int backlog;

    @Param("16")
    public int limit;

    Path dir;
    Target target;
    JdbcStore store;

    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Counters {
        public long shortClaims;
        public long claimed;
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("junction-claim-bench");
        target = Target.sqlite(dir, "claim");
        RawInsert.run(target, 1000, Duration.ofMinutes(2), backlog, new Payloads("claim"));
        store = Stores.open(target.storeUrl(), null, null);
    }

    @Setup(Level.Iteration)
    public void resetBacklog() throws Exception {
        try (Connection c = RawInsert.connect(target); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE deliveries SET state = 'PENDING', lease_owner = NULL, lease_until = NULL, next_attempt_at = 0");
        }
    }

    @Benchmark
    public List<ClaimedDelivery> claimDue(Counters counters) {
        List<ClaimedDelivery> claimed = store.claimDue("bench", Instant.now(), Duration.ZERO, limit, java.util.Set.of());
        counters.claimed += claimed.size();
        if (claimed.size() < limit) counters.shortClaims++;
        return claimed;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        store.close();
        target.close();
        Files.deleteIfExists(dir);
    }
}
