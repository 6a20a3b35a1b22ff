package dev.junction.engine.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.config.SyncSpec;
import dev.junction.core.model.Ids;
import dev.junction.store.Store;
import dev.junction.store.SyncReconciliations.Reconciliation;
import dev.junction.store.jdbc.Stores;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scheduled reconciliation on two nodes, each with its own store over one database, stepped by hand on a manual
 * clock: the cluster reconciles a sync once per interval, and a restart keeps the schedule. Run on SQLite and on
 * PostgreSQL.
 */
abstract class ReconcileAcrossNodesContract {

    static final Instant T0 = Instant.parse("2026-11-30T21:00:00Z");
    static final Duration HOUR = Duration.ofHours(1);

    @TempDir
    Path dir;
    Instant now = T0;
    private final List<Store> stores = new ArrayList<>();
    private String url;

    /** A URL of one empty database the nodes share. */
    abstract String databaseUrl(Path dir);

    /** A node: its own store on the shared database, its own reconciler and schedule, reading {@code clock}. */
    record Node(Store store, Reconciler reconciler, ReconcileScheduler scheduler) {}

    Node node(String name, Clock clock) {
        if (url == null) url = databaseUrl(dir);
        Store store = Stores.open(url, null, null);
        stores.add(store);
        SyncSpec base = SyncStepTest.spec(Map.of());
        // Its systems have no listing: each run is quick, says so, and is kept.
        SyncSpec hourly = new SyncSpec(base.name(), base.match(), base.fields(), base.systems(), base.conflicts(), HOUR);
        Reconciler reconciler = new Reconciler(Map.of("contacts", hourly), Map.of(), Map.of(), store, HttpClient.newHttpClient(), clock,
                new Ids(clock, new Random(name.hashCode())), name, Duration.ofMinutes(1), () -> { });
        return new Node(store, reconciler, new ReconcileScheduler(reconciler, clock));
    }

    Node node(String name) {
        return node(name, clock(() -> { }));
    }

    /** The test's clock; {@code look} runs each time a node looks at it. */
    Clock clock(Runnable look) {
        return new Clock() {
            @Override public Instant instant() {
                look.run();
                return now;
            }
            @Override public ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(ZoneId zone) { return this; }
        };
    }

    @AfterEach
    void close() {
        stores.forEach(Store::close);
    }

    @Test
    void twoNodesReconcileASyncOncePerIntervalBetweenThem() throws Exception {
        Node first = node("node-1");
        now = T0.plusSeconds(6);
        Node second = node("node-2");
        Map<String, Reconciliation> runs = new LinkedHashMap<>();

        // Each node steps when its scheduler says, as its loop would; at a tie they take turns going first.
        boolean firstLeads = true;
        Instant nextFirst = first.scheduler().step();
        Instant nextSecond = second.scheduler().step();
        while (true) {
            now = nextFirst.isBefore(nextSecond) ? nextFirst : nextSecond;
            if (now.isAfter(T0.plus(HOUR.multipliedBy(10)))) break;
            boolean firstDue = !nextFirst.isAfter(now);
            boolean secondDue = !nextSecond.isAfter(now);
            for (Node n : firstLeads ? List.of(first, second) : List.of(second, first)) {
                if (n == first && firstDue) nextFirst = n.scheduler().step();
                if (n == second && secondDue) nextSecond = n.scheduler().step();
                n.store().latestReconciliation("contacts").ifPresent(r -> runs.putIfAbsent(r.id(), r));
            }
            firstLeads = !firstLeads;
        }

        assertThat(runs.values()).extracting(Reconciliation::startedAt).as("one run an hour, not one per node")
                .containsExactly(java.util.stream.IntStream.rangeClosed(1, 10).mapToObj(h -> T0.plus(HOUR.multipliedBy(h))).toArray(Instant[]::new));
        assertThat(runs.values()).extracting(Reconciliation::node).contains("node-1", "node-2");
        // Each node's gauge says the latest run, whichever node made it (the one that did not run read it from the store).
        SyncMetrics firstMetrics = SyncMetrics.inMemory();
        SyncMetrics secondMetrics = SyncMetrics.inMemory();
        first.reconciler().metrics(firstMetrics);
        second.reconciler().metrics(secondMetrics);
        first.scheduler().step();
        second.scheduler().step();
        assertThat(firstMetrics.consistency("contacts")).isEqualTo(1.0);
        assertThat(secondMetrics.consistency("contacts")).isEqualTo(1.0);
    }

    @Test
    void aNodeThatFoundTheRunDueJustBeforeAnotherNodeMadeItDoesNotMakeItAgain() throws Exception {
        Node first = node("node-1");
        // node-2 reads the store (due), and before it takes the lease node-1 makes the whole run and lets go; 10 s pass.
        Runnable[] meanwhile = {() -> { }};
        Node second = node("node-2", clock(() -> {
            Runnable r = meanwhile[0];
            meanwhile[0] = () -> { };
            r.run();
        }));
        now = T0.plus(HOUR);
        meanwhile[0] = () -> {
            try {
                first.scheduler().step();
                now = now.plusSeconds(10);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };

        assertThat(second.scheduler().step()).isEqualTo(T0.plus(HOUR.multipliedBy(2)));

        Reconciliation run = second.store().latestReconciliation("contacts").orElseThrow();
        assertThat(run.node()).as("node-2 made no second run").isEqualTo("node-1");
        assertThat(run.startedAt()).isEqualTo(T0.plus(HOUR));
        assertThat(first.store().pollLease("reconcile:contacts")).as("released by node-2 too").isEmpty();
    }

    @Test
    void aRestartedNodeGoesOnFromTheLatestRunNotFromItsStart() throws Exception {
        Node before = node("node-1");
        now = T0.plus(HOUR);
        assertThat(before.scheduler().step()).isEqualTo(T0.plus(HOUR.multipliedBy(2)));

        now = T0.plus(Duration.ofMinutes(90));
        Node restarted = node("node-1");
        assertThat(restarted.scheduler().step()).as("due an hour after the last run, not an hour after the restart")
                .isEqualTo(T0.plus(HOUR.multipliedBy(2)));
        assertThat(restarted.store().latestReconciliation("contacts").orElseThrow().startedAt()).as("no run at start").isEqualTo(T0.plus(HOUR));

        now = T0.plus(HOUR.multipliedBy(2));
        assertThat(restarted.scheduler().step()).isEqualTo(T0.plus(HOUR.multipliedBy(3)));
        assertThat(restarted.store().latestReconciliation("contacts").orElseThrow().startedAt()).isEqualTo(now);
    }

    @Test
    void aGatewayStoppedLongerThanTheIntervalReconcilesWhenItStarts() throws Exception {
        Node before = node("node-1");
        now = T0.plus(HOUR);
        before.scheduler().step();

        now = T0.plus(HOUR.multipliedBy(5));
        Node restarted = node("node-1");
        assertThat(restarted.scheduler().step()).isEqualTo(T0.plus(HOUR.multipliedBy(6)));
        assertThat(restarted.store().latestReconciliation("contacts").orElseThrow().startedAt()).isEqualTo(T0.plus(HOUR.multipliedBy(5)));
    }
}
