package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.model.DeliveryState;
import dev.junction.core.retry.OutcomeClass;
import dev.junction.store.AttemptRecord;
import dev.junction.store.ClaimedDelivery;
import dev.junction.store.Completion;
import dev.junction.store.NewMessage;
import dev.junction.store.PlannedDelivery;
import dev.junction.store.StoreException;
import dev.junction.store.TestDatabases;
import dev.junction.store.TestQueue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On SQLite a claim is one more write of the group commit (ADR 0037). Each test hands the writer one batch, as its
 * thread does with whatever queued, so which writes share a transaction is fixed rather than left to timing.
 */
class ClaimsInGroupCommitTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private JdbcStore store;
    private LogWrites writes;

    @BeforeEach
    void open() {
        store = TestDatabases.sqlite(dir);
        SqliteDialect dialect = new SqliteDialect();
        Transactions tx = new Transactions(store.dataSource(), dialect);
        writes = new LogWrites(tx, dialect, new AppendWrites(dialect, "test"), new Claims(tx, dialect));
    }

    @AfterEach
    void close() {
        writes.close();
        store.close();
    }

    @Test
    void theSqliteStoreClaimsInTheGroupCommit() {
        assertThat(new SqliteDialect().claimsInGroupCommit()).isTrue();
        assertThat(new PostgresDialect("junction").claimsInGroupCommit()).isFalse();
    }

    @Test
    void aClaimBatchedWithAnAppendClaimsTheNewDueDelivery() {
        // The claim is queued first, yet runs after the append: it sees the delivery committed with it.
        List<LogWrites.Written> results = writes.write(List.of(claim("node-a", T0), append("msg_1", "evt_1", "dlv_1", T0, null)));

        assertThat(results.get(1)).isEqualTo(new LogWrites.Appended(new dev.junction.store.IngestOutcome("msg_1", false, List.of())));
        List<ClaimedDelivery> claimed = ((LogWrites.Claimed) results.get(0)).deliveries();
        assertThat(claimed).extracting(ClaimedDelivery::id).containsExactly("dlv_1");
        assertThat(claimed.get(0).message().id()).isEqualTo("msg_1");
        assertThat(claimed.get(0).message().body()).asString(StandardCharsets.UTF_8).isEqualTo("{\"id\":\"evt_1\"}");
        assertThat(claimed.get(0).leaseUntil()).isEqualTo(T0.plus(LEASE));
        assertThat(store.delivery("dlv_1").orElseThrow().state()).isEqualTo(DeliveryState.IN_FLIGHT);
        assertThat(TestQueue.claimDue(store, "node-b", T0, LEASE, 10)).as("leased on disk").isEmpty();
    }

    @Test
    void aClaimSeesTheAttemptsRecordedInItsBatch() {
        writes.write(List.of(append("msg_1", "evt_1", "dlv_1", T0, "cus_1"), append("msg_2", "evt_2", "dlv_2", T0, "cus_1")));
        assertThat(claimed(writes.write(List.of(claim("node-a", T0))))).containsExactly("dlv_1");

        // dlv_2 waits for dlv_1 of its ordering key: the claim beside dlv_1's success takes it at once.
        List<LogWrites.Written> results = writes.write(List.of(claim("node-a", T0), record("node-a", "dlv_1", T0.plusSeconds(1))));

        assertThat(results.get(1)).isEqualTo(new LogWrites.Recorded(true));
        assertThat(claimed(results)).containsExactly("dlv_2");
    }

    @Test
    void aLeaseExpiringWhileItsAttemptIsRecordedIsNotClaimedAgainInTheSameBatch() {
        writes.write(List.of(append("msg_1", "evt_1", "dlv_1", T0, null)));
        assertThat(claimed(writes.write(List.of(claim("node-a", T0))))).containsExactly("dlv_1");
        Instant expired = T0.plus(LEASE).plusSeconds(1);

        List<LogWrites.Written> results = writes.write(List.of(claim("node-a", expired), record("node-a", "dlv_1", expired)));

        assertThat(results.get(1)).as("the attempt counts").isEqualTo(new LogWrites.Recorded(true));
        assertThat(claimed(results)).as("no second attempt of a delivery that succeeded").isEmpty();
        assertThat(store.delivery("dlv_1").orElseThrow().state()).isEqualTo(DeliveryState.SUCCEEDED);
    }

    @Test
    void aFailingClaimFailsOnlyItsCallerAndItsBatchStillCommits() throws Exception {
        writes.write(List.of(append("msg_bad", "evt_bad", "dlv_bad", T0, null)));
        try (Connection c = store.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE messages SET headers = 'not json' WHERE id = 'msg_bad'")) {
            ps.executeUpdate(); // a row the claim cannot read: it fails after leasing dlv_bad
        }

        List<LogWrites.Written> results = writes.write(List.of(append("msg_2", "evt_2", "dlv_2", T0.plusSeconds(5), null), claim("node-a", T0)));

        assertThat(results.get(0)).isInstanceOf(LogWrites.Appended.class);
        assertThat(results.get(1)).isInstanceOfSatisfying(LogWrites.ClaimFailed.class,
                f -> assertThat(f.error()).hasMessageContaining("stored headers are not JSON"));
        assertThat(store.message("msg_2")).as("the append beside the failed claim committed").isPresent();
        assertThat(store.delivery("dlv_bad").orElseThrow().state()).as("the failed claim's lease rolled back").isEqualTo(DeliveryState.PENDING);
    }

    @Test
    void aFailingBatchStoresNothingAndClaimsNothing() {
        writes.write(List.of(append("msg_1", "evt_1", "dlv_1", T0, null)));

        // The same message id under another dedupe key: the messages' primary key refuses it, and the batch fails.
        assertThatThrownBy(() -> writes.write(List.of(append("msg_2", "evt_2", "dlv_2", T0, null), append("msg_2", "evt_3", "dlv_3", T0, null),
                claim("node-a", T0)))).isInstanceOf(StoreException.class);

        assertThat(store.message("msg_2")).isEmpty();
        assertThat(store.delivery("dlv_1").orElseThrow().state()).isEqualTo(DeliveryState.PENDING);
    }

    @Test
    void callersOfAFailedGroupCommitAllHearOfIt() throws Exception {
        // Another process holds the write lock past the store's busy_timeout: the writer's transaction cannot begin.
        try (JdbcStore waiting = dev.junction.store.jdbc.Stores.open("sqlite:" + dir.resolve("junction.db") + "?busy_timeout=50", null, null);
             Connection other = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("junction.db"));
             java.sql.Statement s = other.createStatement()) {
            TestQueue.ingest(waiting, message("msg_1", "evt_1"), List.of("billing"), () -> "dlv_1");
            s.execute("BEGIN IMMEDIATE");
            assertThatThrownBy(() -> TestQueue.ingest(waiting, message("msg_2", "evt_2"), List.of("billing"), () -> "dlv_2"))
                    .isInstanceOf(StoreException.class);
            assertThatThrownBy(() -> TestQueue.claimDue(waiting, "node-a", T0, LEASE, 10)).isInstanceOf(StoreException.class);
            s.execute("ROLLBACK");
            assertThat(waiting.message("msg_2")).as("not acknowledged, not stored").isEmpty();
            assertThat(TestQueue.claimDue(waiting, "node-a", T0, LEASE, 10)).as("the claim, run again, takes what is due")
                    .extracting(ClaimedDelivery::id).containsExactly("dlv_1");
        }
    }

    private static List<String> claimed(List<LogWrites.Written> results) {
        return results.stream().filter(LogWrites.Claimed.class::isInstance)
                .flatMap(w -> ((LogWrites.Claimed) w).deliveries().stream()).map(ClaimedDelivery::id).toList();
    }

    private static LogWrites.Claim claim(String owner, Instant now) {
        return new LogWrites.Claim(new Claims.Request(owner, now, LEASE, 10, dev.junction.store.ClaimScope.everything(Set.of())));
    }

    private static NewMessage message(String id, String dedupeKey) {
        return message(id, dedupeKey, T0);
    }

    private static NewMessage message(String id, String dedupeKey, Instant at) {
        return new NewMessage(id, "stripe", dedupeKey, at, "application/json", Map.of("Stripe-Signature", "t=1,v1=x"),
                ("{\"id\":\"" + dedupeKey + "\"}").getBytes(StandardCharsets.UTF_8), null);
    }

    private static LogWrites.Append append(String id, String dedupeKey, String deliveryId, Instant at, String orderingKey) {
        return new LogWrites.Append(new AppendWrites.Append(message(id, dedupeKey, at),
                List.of(new PlannedDelivery("billing", orderingKey, false)), () -> deliveryId));
    }

    private static LogWrites.Record record(String owner, String deliveryId, Instant at) {
        return new LogWrites.Record(new AttemptWrites.Record(owner,
                new AttemptRecord(deliveryId, 1, at, Duration.ofMillis(10), OutcomeClass.SUCCESS, 200, null, null, null),
                new Completion.Succeeded(), at));
    }
}
