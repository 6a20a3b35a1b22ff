package dev.junction.store.jdbc;

import dev.junction.store.TestQueue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.store.NewMessage;
import dev.junction.store.Store;
import dev.junction.store.StoreContract;
import dev.junction.store.TestDatabases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PostgresStoreTest extends StoreContract {

    private String url;

    @Override
    protected Store openStore() {
        url = TestDatabases.freshPostgresSchema();
        return Stores.open(url, null, null);
    }

    @Test
    void theStoresConnectionsRunWithoutPostgresJit() throws Exception {
        // PostgreSQL's default is on; a claim over a large held backlog then spent ~200 ms compiling itself.
        try (var c = ((JdbcStore) store).dataSource().getConnection(); var s = c.createStatement(); var rs = s.executeQuery("SHOW jit")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("off");
        }
    }

    /** A 2xx means on disk even where the server's (here the URL's) default would let commits be acknowledged early. */
    @Test
    void theStoresConnectionsCommitSynchronouslyWhateverTheDefault() throws Exception {
        try (JdbcStore lax = Stores.open(url + "&options=-c%20synchronous_commit%3Doff", null, null);
             var c = lax.dataSource().getConnection(); var s = c.createStatement(); var rs = s.executeQuery("SHOW synchronous_commit")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("on");
        }
        assertThat(((JdbcStore) store).dataSource().getConnectionTimeout()).as("a request waits this long for an unreachable database")
                .isEqualTo(5_000);
    }

    /** Behaviour only PostgreSQL has: several nodes on one database. */
    @Test
    void anotherNodeIsWokenByNotifyWhenWorkArrives() throws Exception {
        AtomicInteger wakeUps = new AtomicInteger();
        try (JdbcStore otherNode = Stores.open(url, null, null); AutoCloseable subscription = otherNode.subscribe(wakeUps::incrementAndGet)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> wakeUps.get() >= 1); // the initial wake-up once listening
            int before = wakeUps.get();
            TestQueue.ingest(store, new NewMessage("msg_n1", "stripe", "evt_n1", T0, "application/json", Map.of(), new byte[] {'{', '}'}, null),
                    List.of("billing"), () -> "dlv_n1");
            await().atMost(Duration.ofSeconds(10)).until(() -> wakeUps.get() > before);
        }
    }

    @Test
    void aNodeIsNotWokenByItsOwnAnnouncements() throws Exception {
        AtomicInteger own = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        try (JdbcStore otherNode = Stores.open(url, null, null);
             AutoCloseable mine = store.subscribe(own::incrementAndGet);
             AutoCloseable theirs = otherNode.subscribe(other::incrementAndGet)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> own.get() >= 1 && other.get() >= 1); // initial wake-ups
            int ownBefore = own.get();
            int otherBefore = other.get();
            TestQueue.ingest(store, new NewMessage("msg_o1", "stripe", "evt_o1", T0, "application/json", Map.of(), new byte[] {'{', '}'}, null),
                    List.of("billing"), () -> "dlv_o1");
            await().atMost(Duration.ofSeconds(10)).until(() -> other.get() > otherBefore);
            // The other node heard it. This node's listener got the same notification (its poll is 1 s) and dropped it.
            await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4)).until(() -> own.get() == ownBefore);
            TestQueue.ingest(otherNode, new NewMessage("msg_o2", "stripe", "evt_o2", T0, "application/json", Map.of(), new byte[] {'{', '}'}, null),
                    List.of("billing"), () -> "dlv_o2");
            await().atMost(Duration.ofSeconds(10)).until(() -> own.get() > ownBefore);
        }
    }

    @Test
    void aTransactionChosenAsADeadlockVictimIsRunAgain() throws Exception {
        try (com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource()) {
            pool.setJdbcUrl(url);
            pool.setMaximumPoolSize(4);
            try (var c = pool.getConnection(); var s = c.createStatement()) {
                s.execute("CREATE TABLE locks (id INT PRIMARY KEY, n INT NOT NULL)");
                s.execute("INSERT INTO locks VALUES (1, 0), (2, 0)");
            }
            Transactions tx = new Transactions(pool, new PostgresDialect("junction"));
            java.util.concurrent.CyclicBarrier bothHoldOne = new java.util.concurrent.CyclicBarrier(2);
            AtomicInteger runs = new AtomicInteger();
            // Each locks one row, waits until the other holds its row, then wants the other's: PostgreSQL aborts one.
            java.util.function.IntFunction<Transactions.Work<Integer>> work = first -> c -> {
                boolean firstRun = runs.incrementAndGet() <= 2;
                try (var s = c.createStatement()) {
                    s.executeUpdate("UPDATE locks SET n = n + 1 WHERE id = " + first);
                    if (firstRun) bothHoldOne.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    s.executeUpdate("UPDATE locks SET n = n + 1 WHERE id = " + (3 - first));
                } catch (InterruptedException | java.util.concurrent.BrokenBarrierException | java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException(e);
                }
                return first;
            };
            ExecutorService pool2 = Executors.newFixedThreadPool(2);
            Future<Integer> a = pool2.submit(() -> tx.inTransaction("lock 1 then 2", work.apply(1)));
            Future<Integer> b = pool2.submit(() -> tx.inTransaction("lock 2 then 1", work.apply(2)));
            assertThat(a.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(b.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(2);
            pool2.shutdown();
            // 3 when PostgreSQL aborts one side; more when a busy machine lets it abort both (each then runs again).
            assertThat(runs.get()).as("the victim ran a second time").isGreaterThanOrEqualTo(3);
            try (var c = pool.getConnection(); var s = c.createStatement(); var rs = s.executeQuery("SELECT SUM(n) FROM locks")) {
                rs.next();
                assertThat(rs.getInt(1)).as("both transactions' updates, each once").isEqualTo(4);
            }
        }
    }

    @Test
    void severalNodesMigratingAtOnceAllStart() throws Exception {
        String fresh = TestDatabases.freshPostgresSchema();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<JdbcStore>> nodes = new ArrayList<>();
        for (int i = 0; i < 4; i++) nodes.add(pool.submit(() -> Stores.open(fresh, null, null)));
        for (Future<JdbcStore> node : nodes) {
            try (JdbcStore s = node.get()) {
                assertThat(s.ping()).isTrue();
                assertThat(s.stats().messages()).isZero();
            }
        }
        pool.shutdown();
    }

    @Override
    protected void reopen() {
        store.close();
        store = Stores.open(url, null, null);
    }
}
